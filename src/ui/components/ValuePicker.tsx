// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * One filter category of the store editor: the values chosen (removable
 * labels) and a field to add one, completed from the values that exist on
 * this machine with their package counts (a native datalist: it works with
 * a phone's keyboard and screen readers without extra code).
 */
import React, { useState } from "react";
import { Button } from "@patternfly/react-core/dist/dynamic/components/Button";
import { FormGroup } from "@patternfly/react-core/dist/dynamic/components/Form";
import { InputGroup, InputGroupItem } from "@patternfly/react-core/dist/dynamic/components/InputGroup";
import { Label, LabelGroup } from "@patternfly/react-core/dist/dynamic/components/Label";
import { TextInput } from "@patternfly/react-core/dist/dynamic/components/TextInput";
import { _, fmt } from "../cockpit.js";

export interface Choice {
    value: string;
    /** Packages it selects on this machine (none for a package name). */
    count?: number;
}

interface Props {
    id: string;
    label: string;
    values: string[];
    choices: Choice[];
    onChange(values: string[]): void;
    /** Called as the user types (package names: the choices are searched for). */
    onTyping?(text: string): void;
}

export function ValuePicker({ id, label, values, choices, onChange, onTyping }: Props) {
    const [text, setText] = useState("");
    const add = () => {
        const v = text.trim();
        if (v && !values.includes(v)) onChange([...values, v]);
        setText("");
    };
    return (
        <FormGroup label={label} fieldId={`${id}-input`}>
            {values.length > 0 && (
                <LabelGroup numLabels={20} data-testid={`${id}-values`}>
                    {values.map((v) => (
                        <Label
                            key={v}
                            onClose={() => onChange(values.filter((x) => x !== v))}
                            closeBtnAriaLabel={fmt(_("Remove $0"), v)}
                        >
                            {v}
                        </Label>
                    ))}
                </LabelGroup>
            )}
            <InputGroup>
                <InputGroupItem isFill>
                    <TextInput
                        id={`${id}-input`}
                        data-testid={`${id}-input`}
                        list={`${id}-choices`}
                        value={text}
                        onChange={(_e, v) => {
                            setText(v);
                            onTyping?.(v);
                        }}
                        onKeyDown={(e) => {
                            if (e.key === "Enter") {
                                e.preventDefault();
                                add();
                            }
                        }}
                        autoComplete="off"
                    />
                    <datalist id={`${id}-choices`}>
                        {choices.slice(0, 500).map((c) => (
                            <option
                                key={c.value}
                                value={c.value}
                                label={c.count === undefined ? c.value : fmt(_("$0 ($1)"), c.value, String(c.count))}
                            />
                        ))}
                    </datalist>
                </InputGroupItem>
                <InputGroupItem>
                    <Button variant="control" onClick={add} isDisabled={!text.trim()} data-testid={`${id}-add`}>
                        {_("Add")}
                    </Button>
                </InputGroupItem>
            </InputGroup>
        </FormGroup>
    );
}
