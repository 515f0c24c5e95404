import ArgumentParser
import Foundation
import VishRuntime
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
        let session = Session()
        let code: Int32
        if command != nil {
            let exit = session.runCommand(source)
            code = exit ?? (session.succeeded ? 0 : 1)
        } else {
            code = session.runScript(source, arguments: scriptArguments)
        }
        // The process ends here: the session's objects need no tearing down one by one
        // (a script that built a million-entry hashtable would spend a quarter of its
        // time freeing it). Output was flushed by the session.
        fflush(stdout)
        fflush(stderr)
        Foundation.exit(code)
    }
}

/// Reads a script, decoded by its byte-order mark as pwsh reads files.
func loadSource(_ path: String) throws -> SourceFile {
    let handle = path == "-" ? FileHandle.standardInput : FileHandle(forReadingAtPath: path)
    guard let handle, let data = try? handle.readToEnd() ?? Data() else {
        printError("vish: cannot read '\(path)': no such file or not readable\n")
        throw ExitCode(2)
    }
    // pwsh names a script by its full path in errors and $PSCommandPath.
    let name = path == "-" ? "<stdin>" : URL(fileURLWithPath: path).standardizedFileURL.path
    return SourceFile(name: name, text: SourceFile.decode([UInt8](data)))
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}
