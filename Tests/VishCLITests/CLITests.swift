import Foundation
import Testing

/// Runs the built `vish` executable as a user would.
struct VishProcess {
    static let binary = URL(fileURLWithPath: CommandLine.arguments[0])
        .deletingLastPathComponent().appendingPathComponent("vish")
    static let repo = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], stdin: String? = nil) throws -> Output {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = repo
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus,
                      stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    static func scripts(in folder: String) -> [String] {
        let dir = repo.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".ps1") }.sorted().map { "\(folder)/\($0)" }
    }
}

@Suite struct CLITests {
    static let scripts = VishProcess.scripts(in: "SampleScripts") + VishProcess.scripts(in: "Tests/Fixtures")

    @Test func thereAreScriptsToCheck() {
        #expect(VishProcess.scripts(in: "SampleScripts").count >= 2)
        #expect(VishProcess.scripts(in: "Tests/Fixtures").count >= 12)
    }

    @Test(arguments: scripts)
    func everyScriptParsesCleanly(_ path: String) throws {
        let r = try VishProcess.run(["parse", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr == "")
    }

    @Test func parseReportsDiagnosticsAndExitsOne() throws {
        let r = try VishProcess.run(["parse", "-"], stdin: "$ok = 1\nif ($x {\n  'a'\n}\n")
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("""
            <stdin>:2:8: error: Unexpected token '{' in expression or statement.
            if ($x {
                   ~
            <stdin>:2:8: error: Missing closing ')' after expression in 'if' statement.
            if ($x {
                   ~

            """))
    }

    /// pwsh -c '1 +' prints the parse error in ConciseView, with no file name.
    @Test func commandStringParseErrorIsConciseView() throws {
        let r = try VishProcess.run(["-c", "1 +"])
        #expect(r.status == 1)
        #expect(r.stderr == """
            ParserError: 
            Line |
               1 |  1 +
                 |     ~
                 | You must provide a value expression following the '+' operator.


            """)
    }

    /// The seed's glued line, read as pwsh reads it: `$falseStart-Sleep` is one bareword
    /// (an expandable string) bound to -Confirm, and `-Seconds 2` are further arguments.
    @Test func gluedSeedLineTokenizesAsPowerShellDoes() throws {
        let r = try VishProcess.run(["parse", "--sexp", "-"],
                                    stdin: "Get-Snapshot -VM $BaseVM | Remove-Snapshot -Confirm:$falseStart-Sleep -Seconds 2\n")
        #expect(r.status == 0)
        #expect(r.stdout == "(| (cmd Get-Snapshot -VM $BaseVM) (cmd Remove-Snapshot (-Confirm: (expand-bare $falseStart \"-Sleep\")) -Seconds 2))\n")
    }

    @Test func astOutlineCarriesRanges() throws {
        let r = try VishProcess.run(["parse", "--ast", "-"], stdin: "Get-VM -Name x\n")
        #expect(r.status == 0)
        #expect(r.stdout == """
            script  @1:1-2:1
              cmd  @1:1-1:15
                Get-VM  @1:1-1:7
                -Name  @1:8-1:13
                x  @1:14-1:15

            """)
    }

    @Test func versionAndHelp() throws {
        let v = try VishProcess.run(["--version"])
        #expect(v.status == 0)
        #expect(v.stdout.hasPrefix("vish "))
        let h = try VishProcess.run(["--help"])
        #expect(h.status == 0)
        #expect(h.stdout.contains("parse"))
    }

    @Test func unreadableFileIsAUsageError() throws {
        let r = try VishProcess.run(["parse", "no/such/file.ps1"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("cannot read 'no/such/file.ps1'"))
    }
}
