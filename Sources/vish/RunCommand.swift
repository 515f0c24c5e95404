import ArgumentParser
import Foundation
import VishSyntax

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a script file or a command string (the default)."
    )

    @Option(name: .customShort("c"), help: "Run this command string instead of a file.")
    var command: String?

    @Argument(help: "The script to run.")
    var file: String?

    @Argument(parsing: .captureForPassthrough, help: "Arguments passed to the script.")
    var scriptArguments: [String] = []

    func run() throws {
        let source: SourceFile
        if let command {
            source = SourceFile(name: "<command>", text: command)
        } else if let file {
            source = try loadSource(file)
        } else if isatty(0) != 0 && isatty(1) != 0 {
            Repl().run()
            return
        } else {
            let text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            source = SourceFile(name: "<stdin>", text: text)
        }
        let result = Parser.parse(source)
        if !result.diagnostics.isEmpty {
            printError(DiagnosticRenderer.render(result.diagnostics, in: source))
            throw ExitCode(ExitStatus.failure)
        }
        let count = result.script.endBlock?.body.statements.count ?? 0
        printError("vish: \(source.name) parses cleanly (\(count) statements); executing scripts arrives with the evaluator (issue 3).\n")
    }
}

/// Reads a script, decoded by its byte-order mark as pwsh reads files.
func loadSource(_ path: String) throws -> SourceFile {
    let handle = path == "-" ? FileHandle.standardInput : FileHandle(forReadingAtPath: path)
    guard let handle, let data = try? handle.readToEnd() ?? Data() else {
        printError("vish: cannot read '\(path)': no such file or not readable\n")
        throw ExitCode(2)
    }
    return SourceFile(name: path, text: SourceFile.decode([UInt8](data)))
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}
