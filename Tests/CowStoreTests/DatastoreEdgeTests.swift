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

/// Cases found by the second review.
@Suite struct DatastoreFailureTests {
    static let G = 4096

    /// A consolidation failing at any point: nothing more changes until the datastore is
    /// opened again, which finishes it; what the disk reads never changes.
    @Test func aFailedConsolidationWaitsForTheNextOpen() throws {
        func prepared() throws -> MemoryStorage {
            let m = MemoryStorage()
            let store = try Datastore.create(m, capacity: 1 << 30)
            try store.createDisk("d", size: 16 * 4096)
            try store.write("d", at: 0, [UInt8](repeating: 1, count: 4 * Self.G))
            try store.snapshot("d")
            try store.write("d", at: UInt64(2 * Self.G), [UInt8](repeating: 2, count: 4 * Self.G))
            return m
        }
        let content = try Datastore.open(prepared()).read("d", at: 0, count: 16 * Self.G)
        let counter = FaultyStorage(try prepared())
        let s = try Datastore.open(counter)
        let start = counter.points    // (opening syncs the directory)
        try s.deleteSnapshot("d", s.state.disks["d"]!.snapshots[0])
        var unfinished = 0
        for point in start..<counter.points {
            let m = try prepared()
            let store = try Datastore.open(FaultyStorage(m, failAt: point, mode: .fail))
            do {
                try store.deleteSnapshot("d", store.state.disks["d"]!.snapshots[0])
                continue
            } catch StorageError.injected {}
            if store.state.merging != nil {
                unfinished += 1
                // Refused until reopened (unfinished merge, or a commit whose sync failed).
                for change in [{ _ = try store.snapshot("d") }, { try store.linkedClone(of: store.state.merging!.parent, as: "c") }] {
                    do {
                        try change()
                        Issue.record("point \(point): a change went through")
                    } catch let f as Datastore.Failure {
                        #expect(f == .mergeUnfinished || f == .needsReopen)
                    }
                }
            }
            #expect(try store.read("d", at: 0, count: 16 * Self.G) == content, "point \(point)")
            let reopened = try Datastore.open(m)
            #expect(reopened.state.merging == nil)
            #expect(try reopened.read("d", at: 0, count: 16 * Self.G) == content, "point \(point)")
            #expect(reopened.check().isEmpty, "point \(point): \(reopened.check())")
        }
        #expect(unfinished > 0)
    }

    /// A thick disk's reservation covers its base layer; deltas after a snapshot take free
    /// space, so reverts cannot grow the datastore past its capacity.
    @Test func aThickDisksSnapshotsTakeFreeSpace() throws {
        let store = try Datastore.create(MemoryStorage(), capacity: 16 * 4096)
        try store.createDisk("t", size: 8 * 4096, provisioning: .thickLazy)
        let s1 = try store.snapshot("t")
        try store.write("t", at: 0, [UInt8](repeating: 1, count: 8 * Self.G))    // a delta: 8 grains of free space
        try store.snapshot("t")
        try store.revert("t", to: s1)
        #expect(store.usage().allocated == 8 * 4096 && store.usage().reserved == 8 * 4096 && store.usage().free == 0)
        #expect(throws: Datastore.Failure.outOfSpace(needed: 8 * 4096, free: 0)) {
            try store.write("t", at: 0, [UInt8](repeating: 2, count: 8 * Self.G))
        }
        #expect(store.check().isEmpty)
    }

    /// A write that fails at its commit leaves the unflushed write before it readable.
    @Test func aFailedFlushingWriteKeepsTheGrainBeforeIt() throws {
        let m = MemoryStorage()
        let setup = try Datastore.create(m, capacity: 1 << 30)
        try setup.createDisk("d", size: 16 * 4096)
        try setup.write("d", at: 0, [UInt8](repeating: 9, count: Self.G))
        let counter = FaultyStorage(m)
        let probe = try Datastore.open(counter)
        try probe.write("d", at: UInt64(5 * Self.G), [UInt8](repeating: 1, count: Self.G), flushing: false)
        let before = counter.points
        // The next write's points: its grain, then its map pages (made to fail).
        let store = try Datastore.open(FaultyStorage(m, failAt: before + 1, mode: .fail))
        try store.write("d", at: UInt64(5 * Self.G), [UInt8](repeating: 1, count: Self.G), flushing: false)
        #expect(throws: StorageError.injected(point: before + 1)) {
            try store.write("d", at: UInt64(5 * Self.G), [UInt8](repeating: 2, count: Self.G))
        }
        #expect(try store.read("d", at: UInt64(5 * Self.G), count: 2) == [1, 1])
        try store.flush("d")
        #expect(try Datastore.open(m).read("d", at: UInt64(5 * Self.G), count: 2) == [1, 1])
    }

    /// A catalogue sync that fails leaves the outcome unknown: nothing more commits until
    /// reopened, and the reopened datastore is whole either way.
    @Test func aFailedCatalogueSyncStopsCommits() throws {
        func prepared() throws -> (MemoryStorage, UInt64) {
            let m = MemoryStorage()
            let store = try Datastore.create(m, capacity: 1 << 30)
            try store.createDisk("d", size: 16 * 4096)
            try store.write("d", at: 0, [UInt8](repeating: 3, count: Self.G))
            return (m, try store.snapshot("d"))
        }
        let counter = FaultyStorage(try prepared().0)
        try Datastore.open(counter).fullClone("d", as: "copy")
        let (m, snap) = try prepared()
        // A full clone's last point is the catalogue's sync.
        let store = try Datastore.open(FaultyStorage(m, failAt: counter.points - 1, mode: .fail))
        #expect(throws: StorageError.injected(point: counter.points - 1)) { try store.fullClone("d", as: "copy") }
        #expect(throws: Datastore.Failure.needsReopen) { try store.linkedClone(of: snap, as: "x") }
        let reopened = try Datastore.open(m)
        #expect(reopened.check().isEmpty)
        #expect(reopened.state.disks["copy"] != nil)    // (MemoryStorage kept the record: it counts)
        #expect(try reopened.read("copy", at: 0, count: 1) == [3])
    }

    @Test func badArgumentsAreRefused() throws {
        let m = MemoryStorage()
        let store = try Datastore.create(m, capacity: 1 << 30)
        try store.createDisk("d", size: 4096)
        #expect(throws: Datastore.Failure.badCount(-1)) { try store.read("d", at: 0, count: -1) }
        #expect(throws: Datastore.Failure.datastoreExists) { try Datastore.create(m, capacity: 1) }
    }
}
