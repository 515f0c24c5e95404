import CEditLine
import Foundation
import VishRuntime
import VishSyntax

/// The interactive shell: libedit line editing and history, `>> ` continuation while
/// the parser says the input is incomplete; each entry runs in the global scope.
struct Repl {
    func run() {
        setlocale(LC_CTYPE, "")
        using_history()
        stifle_history(4096)
        var buffer = ""
        let session = Session()
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
            buffer = ""
            if let code = session.runCommand(source) { exit(code) }
        }
    }
}
