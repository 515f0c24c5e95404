import Foundation
import VishSyntax

/// One script and the bytes pwsh prints for it, read from a `.cases` file:
///
///     === title (the pwsh fact it checks, and where that fact comes from)
///     script lines…
///     --- output
///     expected standard output, line for line…
///     --- errors
///     expected standard error (optional section)
///     --- exit 1
///
/// Expected text runs up to the next section line (`--- output`, `--- errors`,
/// `--- exit N`) or `===` line; every line in it counts, blank ones included. Lines
/// before the first `===` are comments.
public struct ScriptCase: Sendable {
    public let file: String
    public let line: Int
    public let title: String
    public let script: String
    public let output: String
    public let errors: String?
    public let exitCode: Int32

    /// Marked `[pending]`: a known deviation from pwsh, expected to fail until fixed.
    public var isPending: Bool { title.contains("[pending]") }
}

public enum CaseFile {
    /// Every case in the `.cases` files of a directory, files in name order.
    public static func all(in directory: String) -> [ScriptCase] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".cases") }.sorted().flatMap { name -> [ScriptCase] in
            let text = (try? String(contentsOfFile: directory + "/" + name, encoding: .utf8)) ?? ""
            return parse(text, file: name)
        }
    }

    public static func parse(_ text: String, file: String) -> [ScriptCase] {
        var cases: [ScriptCase] = []
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        var i = 0
        while i < lines.count && !lines[i].hasPrefix("=== ") { i += 1 }
        while i < lines.count {
            let start = i + 1
            let title = String(lines[i].dropFirst(4))
            i += 1
            var sections: [String: [String]] = ["script": []]
            var current = "script"
            var exitCode: Int32 = 0
            while i < lines.count && !lines[i].hasPrefix("=== ") {
                let l = lines[i]
                if l == "--- output" || l == "--- errors" {
                    current = String(l.dropFirst(4))
                    sections[current] = []
                } else if l.hasPrefix("--- exit "), let code = Int32(l.dropFirst(9)) {
                    exitCode = code
                } else {
                    sections[current, default: []].append(l)
                }
                i += 1
            }
            func joined(_ name: String) -> String? {
                sections[name].map { $0.isEmpty ? "" : $0.joined(separator: "\n") + "\n" }
            }
            cases.append(ScriptCase(file: file, line: start, title: title, script: sections["script"]!.joined(separator: "\n"),
                              output: joined("output") ?? "", errors: joined("errors"), exitCode: exitCode))
        }
        return cases
    }
}

/// What running a case printed, and whether that is what was expected.
public struct CaseResult {
    public let output: String
    public let errors: String
    public let exitCode: Int32
    public let expected: ScriptCase

    public var passed: Bool {
        output == expected.output && exitCode == expected.exitCode && errors == (expected.errors ?? "")
    }

    /// Runs a case as the script file `/case.ps1` in a fresh session.
    public static func run(_ c: ScriptCase) -> CaseResult {
        let host = BufferHost()
        let session = Session(host: host)
        let code = session.runScript(SourceFile(name: "/case.ps1", text: c.script))
        return CaseResult(output: host.output, errors: host.errors, exitCode: code, expected: c)
    }
}
