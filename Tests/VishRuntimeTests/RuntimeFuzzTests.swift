import Foundation
import Testing
import VishRuntime
import VishSyntax

/// Mutated conformance scripts run to completion: whatever the input, the runtime reports
/// errors and never crashes or hangs. Runs are sandboxed (no file writes) and bounded
/// (a step budget stops endless loops).
@Suite struct RuntimeFuzzTests {
    /// The session's own seeded generator drives the mutations.
    struct Rng {
        var random: SeededRandom
        init(state: UInt64) { random = SeededRandom(seed: state) }
        mutating func below(_ n: Int) -> Int { Int(random.next() % UInt64(max(1, n))) }
    }

    static let pieces = ["$null", "@()", "@{}", "$_", "|", ";", "{", "}", "(", ")", "[int]", "-eq", "+", "1/0", "'x'",
                         "$args", "return", "break", "throw", "..", ",", "-f", "[pscustomobject]@{a=1}", "\n", "$(", "@("]

    static func mutate(_ text: String, _ rng: inout Rng) -> String {
        var chars = Array(text)
        for _ in 0...rng.below(3) {
            let at = rng.below(chars.count + 1)
            switch rng.below(3) {
            case 0 where !chars.isEmpty:
                let start = min(at, chars.count - 1)
                chars.removeSubrange(start..<min(chars.count, start + rng.below(8) + 1))
            case 1:
                chars.insert(contentsOf: Array(pieces[rng.below(pieces.count)]), at: at)
            default:
                guard !chars.isEmpty else { continue }
                let start = min(at, chars.count - 1)
                chars.insert(contentsOf: chars[start..<min(chars.count, start + rng.below(16) + 1)], at: rng.below(chars.count + 1))
            }
        }
        return String(chars)
    }

    /// Runs on a thread with a deadline, as the CLI would run it.
    static func run(_ script: String) -> Bool {
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            let host = BufferHost()
            let session = Session(host: host)
            session.context.allowFileWrites = false
            session.stepLimit = 20_000
            _ = session.runScript(SourceFile(name: "/fuzz.ps1", text: script))
            done.signal()
        }
        thread.stackSize = 16 << 20
        thread.start()
        return done.wait(timeout: .now() + 20) == .success
    }

    @Test func mutatedCaseScripts() {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Cases").path
        let scripts = CaseFile.all(in: directory).map(\.script)
        #expect(scripts.count > 100)
        // VISH_FUZZ_SEED and VISH_FUZZ_RUNS explore further than the CI run does.
        let env = ProcessInfo.processInfo.environment
        var rng = Rng(state: env["VISH_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0xF022)
        let runs = env["VISH_FUZZ_RUNS"].flatMap { Int($0) } ?? 3000
        for i in 0..<runs {
            let script = Self.mutate(scripts[rng.below(scripts.count)], &rng)
            #expect(Self.run(script), "run #\(i) did not finish: \(script.debugDescription)")
        }
    }
}
