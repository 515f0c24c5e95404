import Testing
@testable import CowStore

/// The catalogue journal's compaction: bounded size, the same state, and a crash at any
/// point of it loses nothing.
@Suite struct CatalogueTests {
    @Test func compactionBoundsTheJournalAndKeepsTheState() throws {
        let m = MemoryStorage()
        let store = try Datastore.create(m, capacity: 1 << 40)
        store.catalogue.compactionFloor = 4096
        try store.createDisk("gold", size: 1 << 20)
        try store.write("gold", at: 0, [UInt8](repeating: 1, count: 3 * 4096))
        let snap = try store.snapshot("gold")
        var largest: UInt64 = 0
        for i in 0..<400 {
            try store.linkedClone(of: snap, as: "c\(i)")
            if i % 3 != 0 { try store.deleteDisk("c\(i)") }
            largest = max(largest, try m.size(Catalogue.path))
        }
        // 134 disks remain, about 60 bytes each in a checkpoint: the journal stays within
        // five checkpoints (or the floor), where 400 clones and 266 deletes took 40 KiB.
        let checkpoint = UInt64(Catalogue.record(1, store.state.checkpoint).count)
        #expect(largest <= max(4096, 5 * checkpoint + 16) + 200)
        let reopened = try Datastore.open(m)
        #expect(reopened.state == store.state)
        #expect(reopened.state.nextLayerID == store.state.nextLayerID)
        #expect(try reopened.read("c399", at: 0, count: 2) == [1, 1])
        #expect(reopened.check().isEmpty)
    }

    @Test func theCheckpointRebuildsTheState() throws {
        let store = try Datastore.create(MemoryStorage(), capacity: 1 << 40)
        try store.createDisk("a", size: 1 << 20, provisioning: .thickLazy)
        let s1 = try store.snapshot("a")
        try store.snapshot("a")
        try store.linkedClone(of: s1, as: "b")
        try store.deleteDisk("b")    // the highest layer number is gone: the next must not reuse it
        var rebuilt = CatalogueState()
        for c in store.state.checkpoint { rebuilt.apply(c) }
        #expect(rebuilt == store.state)
        let decoded = try #require(ChangeCoding.decode(ChangeCoding.encode(store.state.checkpoint)))
        #expect(decoded == store.state.checkpoint)
    }

    /// Every write, sync, rename and directory sync of a compaction, with every choice of
    /// what a crash kept: the reopened datastore has the same state and nothing left over.
    @Test func theCrashWalkOfACompaction() throws {
        func prepared() throws -> MemoryStorage {
            let m = try DatastoreCrashTests.prepared()
            let store = try Datastore.open(m)
            for i in 0..<5 { try store.linkedClone(of: store.state.disks["clone"]!.snapshots.first ?? store.state.layers.values.filter(\.frozen).map(\.id).min()!, as: "x\(i)") }
            return m
        }
        let before = try Datastore.open(prepared()).state
        let counter = FaultyStorage(try prepared())
        try Datastore.open(counter).compactCatalogue()
        var restarts = 0
        for point in 0...counter.points {
            let m = try prepared()
            do { try Datastore.open(FaultyStorage(m, failAt: point)).compactCatalogue() } catch StorageError.crashed {}
            let n = min(m.unsyncedWrites, 10)
            for mask in 0..<(1 << n) {
                let image = m.crashImage { $0 < n ? mask & (1 << $0) != 0 : true }
                let store = try Datastore.open(image)
                #expect(store.state == before, "crash at point \(point), kept \(mask)")
                #expect(!image.exists(Catalogue.newPath))
                #expect(store.check().isEmpty)
                restarts += 1
            }
        }
        print("crash walk of catalogue compaction: \(counter.points) points, \(restarts) restarts, the state kept each time")
    }
}
