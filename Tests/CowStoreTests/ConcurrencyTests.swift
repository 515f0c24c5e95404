import Dispatch
import Foundation
import Testing
@testable import CowStore

/// Many readers, one writer per disk and changes of structure at once, on host files:
/// no read sees a grain half written, every disk ends as its writer left it, and check()
/// is clean. (A ThreadSanitizer build of this test is the data-race check.)
@Suite struct ConcurrencyTests {
    static let G = 4096
    static let grains: UInt64 = 64

    /// Whether every byte of each grain of `bytes` is the same.
    static func wholeGrains(_ bytes: [UInt8]) -> Bool {
        stride(from: 0, to: bytes.count, by: G).allSatisfy { start in
            let first = bytes[start]
            return bytes[start ..< start + G].allSatisfy { $0 == first }
        }
    }

    @Test func readersWritersAndStructureAtOnce() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cowstore-mt-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try Datastore.create(try DiskStorage(root: dir), capacity: 1 << 34)
        try store.createDisk("gold", size: Self.grains * UInt64(Self.G))
        for g in 0..<Self.grains { try store.write("gold", at: g * UInt64(Self.G), [UInt8](repeating: UInt8(g), count: Self.G)) }
        let snap = try store.snapshot("gold")
        for name in ["w0", "w1", "s", "r", "m"] { try store.linkedClone(of: snap, as: name) }
        let kept = try store.snapshot("r")
        try store.write("r", at: 0, [UInt8](repeating: 9, count: Self.G))

        let rounds = 200
        let failures = Failures()
        // Threads of their own (a dispatch pool would run two roles at a time on two cores).
        let done = DispatchGroup()
        for role in 0..<7 {
            done.enter()
            Thread {
                defer { done.leave() }
                Self.play(role, store, rounds: rounds, kept: kept, failures: failures)
            }.start()
        }
        done.wait()
        #expect(failures.all.isEmpty, "\(failures.all.prefix(5))")
        #expect(store.check().isEmpty, "\(store.check())")
        let reopened = try Datastore.open(DiskStorage(root: dir))
        for name in ["w0", "w1"] {
            #expect(try reopened.read(name, at: 0, count: Int(Self.grains) * Self.G) == store.read(name, at: 0, count: Int(Self.grains) * Self.G))
        }
        #expect(reopened.check().isEmpty)
    }

    static func play(_ role: Int, _ store: Datastore, rounds: Int, kept: UInt64, failures: Failures) {
        do {
            switch role {
            case 0, 1:
                // One writer per disk: whole grains of one value per round.
                let name = "w\(role)"
                var rng = SystemRandomNumberGenerator()
                for round in 1...rounds {
                    let g = UInt64.random(in: 0..<Self.grains, using: &rng)
                    try store.write(name, at: g * UInt64(Self.G), [UInt8](repeating: UInt8(truncatingIfNeeded: 100 + round), count: Self.G),
                                    flushing: round % 3 == 0)
                }
                try store.flush(name)
            case 2:
                // Changes of structure: snapshots, clones, reverts, consolidations, deletes.
                for round in 0..<rounds / 10 {
                    let at = UInt64(round % Int(Self.grains)) * UInt64(Self.G)
                    let s = try store.snapshot("s")
                    try store.write("s", at: at, [UInt8](repeating: 7, count: Self.G))
                    try store.linkedClone(of: s, as: "t\(round)")
                    try store.deleteSnapshot("s", s)    // the clone keeps the layer
                    if round % 2 == 1 { try store.deleteDisk("t\(round - 1)") }
                    try store.revert("r", to: kept)
                    let m = try store.snapshot("m")
                    try store.write("m", at: at, [UInt8](repeating: 8, count: 2 * Self.G))
                    try store.deleteSnapshot("m", m)    // the only child merges into it
                }
            default:
                // Readers: by name, or through handles taken once (then no lock of the
                // datastore's orders them after a writer: only the disk's own does).
                let names = ["gold", "w0", "w1", "s", "r", "m"]
                let handles = try names.map { try store.handle($0) }
                for _ in 0..<rounds * 2 {
                    for (name, handle) in zip(names, handles) {
                        let g = UInt64.random(in: 0..<Self.grains - 4)
                        let bytes = role % 2 == 0
                            ? try store.read(name, at: g * UInt64(Self.G), count: 4 * Self.G)
                            : try handle.read(at: g * UInt64(Self.G), count: 4 * Self.G)
                        if !Self.wholeGrains(bytes) { failures.add("\(name): a grain read half written") }
                    }
                }
            }
        } catch {
            failures.add("role \(role): \(error)")
        }
    }
}

/// Failures collected from many threads.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ s: String) { lock.lock(); list.append(s); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return list }
}
