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

    @Flag(help: "Print lines, statements and parse time (median of --repeat runs) for each script.")
    var stats = false

    @Option(help: "With --stats: parse each script this many times.")
    var `repeat` = 1

    @Argument(help: "The scripts to check.")
    var files: [String]

    func run() throws {
        var failed = false
        for path in files {
            let source = try loadSource(path)
            var result = Parser.parse(source)
            if stats {
                var times: [Duration] = []
                for _ in 0..<max(1, `repeat`) {
                    let clock = ContinuousClock()
                    let start = clock.now
                    result = Parser.parse(source)
                    times.append(clock.now - start)
                }
                times.sort()
                let median = times[times.count / 2]
                let ms = Double(median.components.attoseconds) / 1e15 + Double(median.components.seconds) * 1000
                let statements = result.script.endBlock?.body.statements.count ?? 0
                print("\(path): \(source.lineCount) lines, \(source.bytes.count) bytes, \(statements) top-level statements, parse \(String(format: "%.3f", ms)) ms")
            }
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
