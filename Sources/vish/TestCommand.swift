import ArgumentParser
import Foundation
import VishRuntime

struct TestRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the .cases files of directories (or single files) and report failures."
    )

    @Argument(help: "Directories or .cases files.")
    var paths: [String]

    @Flag(help: "Print only the summary line.")
    var quiet = false

    @Flag(help: "Mark failing cases [pending] and unmark passing ones, in place (recording known deviations).")
    var markPending = false

    func run() throws {
        var cases: [ScriptCase] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                printError("vish: no such file or directory: \(path)\n")
                throw ExitCode(2)
            }
            if isDirectory.boolValue {
                cases += CaseFile.all(in: path)
            } else {
                let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
                cases += CaseFile.parse(text, file: path)
            }
        }
        if markPending {
            try updatePendingMarkers(cases)
            return
        }
        var failed = 0
        var pending = 0
        for c in cases {
            let r = CaseResult.run(c)
            if c.isPending && !r.passed { pending += 1; continue }
            if r.passed && !c.isPending { continue }
            if r.passed {
                failed += 1
                print("PASSES \(c.file):\(c.line) \(c.title): remove [pending]\n")
                continue
            }
            failed += 1
            if quiet { continue }
            var report = "FAIL \(c.file):\(c.line) \(c.title)\n"
            if r.output != c.output { report += "--- expected output\n\(c.output)--- actual output\n\(r.output)" }
            if r.errors != (c.errors ?? "") { report += "--- expected errors\n\(c.errors ?? "")--- actual errors\n\(r.errors)" }
            if r.exitCode != c.exitCode { report += "--- exit \(r.exitCode), expected \(c.exitCode)\n" }
            print(report)
        }
        print("\(cases.count - failed - pending) of \(cases.count) cases pass" + (pending > 0 ? ", \(pending) pending" : ""))
        if failed > 0 { throw ExitCode(1) }
    }

    /// Rewrites each case title's `[pending]` marker from the case's current result.
    private func updatePendingMarkers(_ cases: [ScriptCase]) throws {
        var byFile: [String: [ScriptCase]] = [:]
        for c in cases { byFile[c.file, default: []].append(c) }
        for (file, list) in byFile {
            let path = paths.count == 1 && !file.contains("/") ? paths[0] + "/" + file : file
            guard var lines = try? String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n") else { continue }
            var changed = 0
            for c in list {
                let i = c.line - 1
                guard i < lines.count, lines[i].hasPrefix("=== ") else { continue }
                let passes = CaseResult.run(c).passed
                var title = lines[i].replacingOccurrences(of: " [pending]", with: "")
                if !passes { title += " [pending]" }
                if title != lines[i] { lines[i] = title; changed += 1 }
            }
            if changed > 0 {
                try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
                print("\(path): \(changed) markers changed")
            }
        }
    }
}
