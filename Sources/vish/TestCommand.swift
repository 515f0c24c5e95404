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
}
