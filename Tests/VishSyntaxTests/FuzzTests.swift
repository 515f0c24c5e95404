import Foundation
import Testing
@testable import VishSyntax

/// Random and mutated scripts: the parser must finish, never crash, report errors only
/// inside the text, give every node a range inside the text, and be deterministic.
/// Bounded in count; seeded, so a failure names an input that reproduces.
@Suite struct FuzzTests {
    static let fragments: [String] = [
        "Get-VM", " ", "\n", "\r\n", "\t", "$x", "$", "@", "@(", "@{", "$(", "(", ")", "{", "}", "[", "]",
        "[int]", "'", "\"", "`", "``", "`n", "#", "<#", "#>", "|", "||", "&", "&&", ";", ",", ".", "..", "::",
        "?.", "?[", "?", "??", "??=", ":", "=", "+=", "-", "--", "++", "-eq", "-not", "-f", "-Name", "-Name:",
        "--%", "1", "0x", "0xFF", "1.5e", "1kb", "10ul", "2>&1", ">", ">>", "*>", "<", "if", "else", "elseif",
        "foreach", "in", "for", "while", "do", "until", "switch", "default", "function", "filter", "param",
        "begin", "process", "end", "try", "catch", "finally", "trap", "throw", "return", "break", "continue",
        "exit", "class", "enum", "using", "data", "static", "hidden", "base", ":label", "@'\n", "\n'@",
        "@\"\n", "\n\"@", "${", "${a b}", "$script:", "$env:PATH", "[Parameter(Mandatory)]", "[CmdletBinding()]",
        "–", "—", "“", "”", "‘", "’", "é", "😀", "\u{00A0}", "\0", "=>", "-split", "-join", ",,", "!",
    ]

    static let corpus: [String] = [
        """
        $OSSpec = Get-OSCustomizationSpec -Name 'Win-SQL'
        Get-Snapshot -VM $BaseVM | Remove-Snapshot -Confirm:$falseStart-Sleep -Seconds 2
        New-VM -Name $LinkedVM -VM $BaseVM -Datastore "VMS" -ResourcePool (Get-Cluster -Name Gaiden-Cluster | Get-ResourcePool) -LinkedClone
        """,
        """
        function Get-Report {
            [CmdletBinding()]
            param([Parameter(Mandatory, ValueFromPipeline)][string[]]$Name, [int]$Top = 5)
            begin { $rows = @() }
            process { foreach ($n in $Name) { $rows += [pscustomobject]@{ Name = $n; Size = 1.5GB } } }
            end { $rows | Sort-Object Size -Descending | Select-Object -First $Top }
        }
        """,
        """
        switch -regex ($line) { '^a(\\d+)' { $Matches[1] } default { "none: $($line.Trim())" } }
        try { throw "x" } catch [System.Exception] { Write-Warning $_.Exception.Message } finally { $done = $true }
        $h = @"
        Hello $name, you have $($items.Count) items.
        "@
        """,
        "class Vm : Base { [string]$Name; static [int] Count() { return 1 } }\nenum E { A = 1; B }",
        "$a = $b ?? ($c ? 1 : 2); $d ??= 3; 1..10 | % { $_ * 2 } | ? { $_ -gt 4 } && 'ok' || 'no'",
    ]

    struct Rng {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
    }

    static func randomScript(_ rng: inout Rng) -> String {
        (0..<rng.below(40)).map { _ in fragments[rng.below(fragments.count)] }.joined(separator: rng.below(3) == 0 ? " " : "")
    }

    static func mutate(_ text: String, _ rng: inout Rng) -> String {
        var chars = Array(text)
        for _ in 0...rng.below(4) {
            let at = rng.below(chars.count + 1)
            switch rng.below(4) {
            case 0 where !chars.isEmpty:
                let len = min(rng.below(12) + 1, chars.count - min(at, chars.count - 1))
                let start = min(at, chars.count - 1)
                chars.removeSubrange(start..<min(chars.count, start + len))
            case 1:
                chars.insert(contentsOf: Array(fragments[rng.below(fragments.count)]), at: at)
            case 2 where !chars.isEmpty:
                let start = min(at, chars.count - 1)
                let piece = chars[start..<min(chars.count, start + rng.below(20) + 1)]
                chars.insert(contentsOf: piece, at: rng.below(chars.count + 1))
            default:
                chars = Array(chars.prefix(at))
            }
        }
        return String(chars)
    }

    /// Parses on a thread with a deadline: a parse that loops is a failure, not a hang.
    static func check(_ text: String, _ label: String, stackSize: Int = 8 << 20) {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        let thread = Thread {
            box.first = Parser.parse(text)
            box.second = Parser.parse(text)
            done.signal()
        }
        thread.stackSize = stackSize
        thread.start()
        guard done.wait(timeout: .now() + 10) == .success, let a = box.first, let b = box.second else {
            Issue.record("parse did not finish (\(label)): \(text.debugDescription)")
            return
        }
        let count = a.source.bytes.count
        for d in a.diagnostics {
            #expect(d.range.start >= 0 && d.range.start <= d.range.end && d.range.end <= count,
                    "diagnostic range out of bounds (\(label)): \(text.debugDescription)")
        }
        let dump = ASTDump.tree(a.script)
        #expect(rangesInside(dump, count), "node range out of bounds (\(label)): \(text.debugDescription)")
        #expect(dump.compact == ASTDump.tree(b.script).compact, "nondeterministic (\(label))")
        #expect(diagnosticsText(a) == diagnosticsText(b), "nondeterministic diagnostics (\(label))")
        _ = DiagnosticRenderer.render(a.diagnostics, in: a.source)
        _ = a.isIncomplete
    }

    final class ResultBox: @unchecked Sendable {
        var first: ParseResult?
        var second: ParseResult?
    }

    static func rangesInside(_ n: DumpNode, _ count: Int) -> Bool {
        if let r = n.range, r.start < 0 || r.end > count || r.start > r.end { return false }
        return n.children.allSatisfy { rangesInside($0, count) }
    }

    @Test func randomFragments() {
        var rng = Rng(state: 0x5EED_0001)
        for i in 0..<1500 { Self.check(Self.randomScript(&rng), "random #\(i)") }
    }

    @Test func mutatedScripts() {
        var rng = Rng(state: 0x5EED_0002)
        for i in 0..<1500 {
            let base = Self.corpus[i % Self.corpus.count]
            Self.check(Self.mutate(base, &rng), "mutation #\(i)")
        }
    }

    /// Every prefix of each corpus script: the incomplete-input paths.
    @Test func everyPrefix() {
        for script in Self.corpus {
            let chars = Array(script)
            for n in stride(from: 0, through: chars.count, by: 3) { Self.check(String(chars.prefix(n)), "prefix \(n)") }
        }
    }

    /// Deep nesting of every recursive construct ends in an error, not a stack overflow.
    @Test(arguments: ["(", "{", "$(", "@(", "@{a=", "[a[", "-not ", ",", "!", "if(1){", "\"$(", "[int]", "$x[", "& {",
                      "1+", "$a.b", "a && ", "$a = ", "@(,", "foreach($a in 1){", "function f{", "{param($a=("])
    func deepNesting(_ opener: String) {
        let text = String(repeating: opener, count: 5000)
        // 512 KiB: the smallest stack a parse may run on (a secondary thread's default).
        Self.check(text, "nesting \(opener)", stackSize: 512 << 10)
    }
}
