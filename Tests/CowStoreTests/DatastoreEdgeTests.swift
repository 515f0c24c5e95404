import Dispatch
import Foundation
import Testing
@testable import CowStore

/// Cases found by review: merges under other disks, synthetic origins past the limit, a
/// failed write beside waiting ones, disks whose size is not whole grains, space held by
/// concurrent writers, full clones of synthetic content.
@Suite struct DatastoreEdgeTests {
    static let G = 4096

    @Test func aMergeMovesTheOtherDiskOnTheChildAndItKeepsWorking() throws {
        let m = MemoryStorage()
        let store = try Datastore.create(m, capacity: 1 << 30)
        try store.createDisk("a", size: 16 * 4096)
        try store.write("a", at: 0, [UInt8](repeating: 1, count: 4 * Self.G))
        let q = try store.snapshot("a")
        try store.write("a", at: 0, [UInt8](repeating: 2, count: Self.G))
        let x = try store.snapshot("a")
        try store.linkedClone(of: x, as: "b")
        let reader = try store.handle("b")
        try store.write("b", at: UInt64(Self.G), [UInt8](repeating: 3, count: Self.G), flushing: false)
        try store.revert("a", to: q)          // a's old top goes: x's only user is now b's top
        try store.deleteSnapshot("a", x)      // b's top merges into x
        #expect(store.state.disks["b"]!.top == x)
        #expect(try reader.read(at: 0, count: 2 * Self.G) == [UInt8](repeating: 2, count: Self.G) + [UInt8](repeating: 3, count: Self.G))
        try store.write("b", at: UInt64(2 * Self.G), [UInt8](repeating: 4, count: Self.G))
        #expect(store.check().isEmpty)
        let reopened = try Datastore.open(m)
        #expect(try reopened.read("b", at: 0, count: 3 * Self.G) == [2, 3, 4].flatMap { [UInt8](repeating: $0, count: Self.G) })
        #expect(try reopened.read("a", at: 0, count: Self.G) == [UInt8](repeating: 1, count: Self.G))
        #expect(reopened.check().isEmpty)
    }

    @Test func pastEightSyntheticOriginsASnapshotIsOnlyUnpinned() throws {
        let m = MemoryStorage()
        let store = try Datastore.create(m, capacity: 1 << 30)
        try store.createDisk("d", size: 32 * 4096)
        for seed in 1...4 as ClosedRange<UInt64> { try store.fillSynthetic("d", fromGrain: seed, count: 1, seed: seed) }
        let snap = try store.snapshot("d")
        for seed in 5...9 as ClosedRange<UInt64> { try store.fillSynthetic("d", fromGrain: seed, count: 1, seed: seed) }
        let content = try store.read("d", at: 0, count: 32 * Self.G)
        try store.deleteSnapshot("d", snap)
        #expect(store.state.disks["d"]!.snapshots.isEmpty)
        #expect(store.state.merging == nil)
        #expect(try store.read("d", at: 0, count: 32 * Self.G) == content)
        #expect(store.check().isEmpty)
        #expect(try Datastore.open(m).read("d", at: 0, count: 32 * Self.G) == content)
    }

    @Test func aFailedWriteKeepsTheWritesWaitingBeforeIt() throws {
        let m = MemoryStorage()
        let store = try Datastore.create(m, capacity: 1 << 30)
        try store.createDisk("d", size: 8 * 4096)
        try store.write("d", at: 10, [7, 7, 7], flushing: false)
        #expect(throws: Datastore.Failure.outOfRange(disk: "d", end: 8 * 4096 + 1, size: 8 * 4096)) {
            try store.write("d", at: 8 * 4096, [1], flushing: false)
        }
        #expect(try store.read("d", at: 9, count: 5) == [0, 7, 7, 7, 0])
        try store.flush("d")
        #expect(try Datastore.open(m).read("d", at: 9, count: 5) == [0, 7, 7, 7, 0])
        #expect(store.check().isEmpty)
    }

    @Test func disksOfAnySizeWriteTheirLastByte() throws {
        let m = MemoryStorage()
        let store = try Datastore.create(m, capacity: 1 << 30)
        try store.createDisk("odd", size: 5000)
        try store.write("odd", at: 4999, [9])
        try store.write("odd", at: 4090, [UInt8](repeating: 5, count: 10))
        #expect(try store.read("odd", at: 4088, count: 12) == [0, 0] + [UInt8](repeating: 5, count: 10))
        #expect(try store.read("odd", at: 4999, count: 1) == [9])
        #expect(throws: Datastore.Failure.outOfRange(disk: "odd", end: 5001, size: 5000)) { try store.read("odd", at: 4999, count: 2) }
        #expect(try Datastore.open(m).read("odd", at: 4999, count: 1) == [9])
        #expect(store.check().isEmpty)
    }

    @Test func aFullCloneCountsSyntheticGrainsAgainstTheSpace() throws {
        let store = try Datastore.create(MemoryStorage(), capacity: 100 * 4096)
        try store.createDisk("image", size: 1 << 30)
        try store.fillSynthetic("image", fromGrain: 0, count: 60, seed: 3)
        #expect(throws: Datastore.Failure.outOfSpace(needed: 60 * 4096, free: 40 * 4096)) { try store.fullClone("image", as: "copy") }
        #expect(store.usage().allocated == 60 * 4096)
        #expect(store.check().isEmpty)
    }

    @Test func writersAtOnceNeverPassTheCapacity() throws {
        let store = try Datastore.create(MemoryStorage(), capacity: 100 * 4096)
        for i in 0..<4 { try store.createDisk("d\(i)", size: 64 * 4096) }
        let written = Failures()    // (used as a thread-safe list of counts)
        let done = DispatchGroup()
        for i in 0..<4 {
            done.enter()
            Thread {
                defer { done.leave() }
                var n = 0
                for g in 0..<50 as Range<UInt64> {
                    do {
                        try store.write("d\(i)", at: g * 4096, [UInt8](repeating: 1, count: 4096), flushing: false)
                        n += 1
                    } catch {}
                }
                written.add("\(n)")
            }.start()
        }
        done.wait()
        let total = written.all.compactMap(Int.init).reduce(0, +)
        #expect(total == 100)    // exactly the capacity, never more
        #expect(store.usage().allocated == 100 * 4096 && store.usage().free == 0)
        #expect(store.check().isEmpty)
    }
}
