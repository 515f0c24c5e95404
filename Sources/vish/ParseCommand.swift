import ArgumentParser
import Foundation
import VishSyntax

struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check scripts' syntax; exit 0 when clean, 1 with diagnostics.",
        discussion: "Diagnostics go to standard error as file:line:col: error: message, with the source line marked."
    )

    @Flag(help: "Print each script's syntax tree, one node a line with its source range.")
    var ast = false

    @Flag(help: "Print each script's syntax tree as one line of S-expressions.")
    var sexp = false

    @Argument(help: "The scripts to check.")
    var files: [String]

    func run() throws {
        var failed = false
        for path in files {
            let source = try loadSource(path)
            let result = Parser.parse(source)
            if ast || sexp {
                if files.count > 1 { print("# \(path)") }
                print(ast ? ASTDump.outline(result.script, source: source) : ASTDump.compact(result.script))
            }
            if !result.diagnostics.isEmpty {
                failed = true
                printError(DiagnosticRenderer.render(result.diagnostics, in: source))
            }
        }
        if failed { throw ExitCode(ExitStatus.failure) }
    }
}
