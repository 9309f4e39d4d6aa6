// Types of i18n.mjs for the tests (the script itself is plain JavaScript).
export interface PoMessage {
    msgid: string;
    msgid_plural?: string;
    msgstr: string[];
    comments?: { flag?: string; reference?: string };
}
export function messages(text: string | Buffer): { messages: Map<string, PoMessage> };
export function placeholderProblems(template: Map<string, PoMessage>, poText: string | Buffer, name: string): string[];
