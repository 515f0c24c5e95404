import CEditLine
import Foundation
import VishSyntax

/// The interactive shell: libedit line editing and history, `>> ` continuation while
/// the parser says the input is incomplete. Until the evaluator lands it shows each
/// entry's syntax tree.
struct Repl {
    func run() {
        setlocale(LC_CTYPE, "")
        using_history()
        stifle_history(4096)
        var buffer = ""
        while true {
            let prompt = buffer.isEmpty ? "PS> " : ">> "
            guard let raw = readline(prompt) else {
                print("")
                return
            }
            let line = String(cString: raw)
            free(raw)
            buffer += buffer.isEmpty ? line : "\n" + line
            let source = SourceFile(name: "<interactive>", text: buffer)
            let result = Parser.parse(source)
            if result.isIncomplete && !line.isEmpty { continue }
            if !buffer.trimmingCharacters(in: .whitespaces).isEmpty { add_history(buffer) }
            if result.diagnostics.isEmpty {
                print(ASTDump.compact(result.script))
            } else {
                printError(DiagnosticRenderer.render(result.diagnostics, in: source))
            }
            buffer = ""
        }
    }
}
