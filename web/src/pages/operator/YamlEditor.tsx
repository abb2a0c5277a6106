import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import { bracketMatching, defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, lineNumbers } from '@codemirror/view';
import { parseProgramYaml } from '@contracts/program-yaml.ts';
import { useEffect, useRef } from 'react';

/**
 * The program file in CodeMirror 6 (loaded by the program editor page only), checked as the
 * operator types with the very parser and schema the server publishes with
 * (`parseProgramYaml`, from which programs/program.schema.json is generated): every problem is
 * underlined at its line and column.
 */
const programLinter = linter(
  (view) => {
    const text = view.state.doc.toString();
    const result = parseProgramYaml(text);
    if (result.ok) return [];
    return result.problems.map((problem): Diagnostic => {
      const lineNumber = Math.min(Math.max(problem.line ?? 1, 1), view.state.doc.lines);
      const line = view.state.doc.line(lineNumber);
      const from = Math.min(line.from + Math.max((problem.column ?? 1) - 1, 0), line.to);
      return {
        from,
        to: line.to,
        severity: 'error',
        message: problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`,
      };
    });
  },
  { delay: 300 },
);

export default function YamlEditor({
  value,
  onChange,
  label,
}: {
  value: string;
  onChange: (text: string) => void;
  label: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const changed = useRef(onChange);
  useEffect(() => {
    changed.current = onChange;
  }, [onChange]);
  useEffect(() => {
    if (host.current === null) return undefined;
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          history(),
          bracketMatching(),
          syntaxHighlighting(defaultHighlightStyle),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          yaml(),
          lintGutter(),
          programLinter,
          EditorView.contentAttributes.of({ 'aria-label': label }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) changed.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    // The scroller is what scrolls a long file: a keyboard user must be able to focus it
    // (WCAG 2.1.1; axe's scrollable-region-focusable), whether or not the text has a caret.
    editor.scrollDOM.tabIndex = 0;
    editor.scrollDOM.setAttribute('aria-label', label);
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // The editor owns the text once created; a new `value` from outside replaces it below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    const editor = view.current;
    if (editor === null || editor.state.doc.toString() === value) return;
    editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
  }, [value]);
  return (
    <div
      ref={host}
      className="yaml-editor"
      data-testid="yaml-editor"
      style={{ border: '1px solid #d9d9d9', minHeight: 420, maxHeight: 640, overflow: 'auto' }}
    />
  );
}
