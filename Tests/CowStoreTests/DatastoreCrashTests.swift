import Testing
@testable import CowStore

/// The crash walk of every datastore operation: for each write and sync point, and each
/// choice of which unsynced writes survived, the reopened datastore shows either all of the
/// operation or none of it, and `check()` finds nothing.
@Suite struct DatastoreCrashTests {
    /// Every disk's bytes (as their checksum) and the frozen layers: what a user of the
    /// datastore can see.
    static func visible(_ store: Datastore) throws -> [String: UInt32] {
        var out: [String: UInt32] = [:]
        for (name, d) in store.state.disks {
            let size = store.state.layers[d.top]!.virtualSize
            out[name] = CRC32C.checksum(try store.read(name, at: 0, count: Int(size)))
        }
        for l in store.state.layers.values where l.frozen { out["frozen \(l.id)"] = 0 }
        return out
    }

    static func prepared() throws -> MemoryStorage {
        let m = MemoryStorage()
        let store = try Datastore.create(m, capacity: 1 << 30)
        try store.createDisk("base", size: 8 * 4096)
        try store.write("base", at: 0, [UInt8](repeating: 1, count: 3 * 4096))
        let snap = try store.snapshot("base")
        try store.linkedClone(of: snap, as: "clone")
        try store.linkedClone(of: snap, as: "fresh")    // never written: no file yet
        try store.write("base", at: 2 * 4096, [UInt8](repeating: 6, count: 4096))
        try store.write("clone", at: 4096, [UInt8](repeating: 2, count: 4096))
        try store.createDisk("solo", size: 8 * 4096)
        try store.write("solo", at: 0, [UInt8](repeating: 4, count: 2 * 4096))
        try store.snapshot("solo")
        try store.write("solo", at: 4096, [UInt8](repeating: 5, count: 2 * 4096))
        try store.fillSynthetic("solo", fromGrain: 5, count: 2, seed: 9)
        return m
    }

    nonisolated(unsafe) static let operations: [(String, (Datastore) throws -> Void)] = [
        ("create disk", { try $0.createDisk("new", size: 4 * 4096, provisioning: .thickEager) }),
        ("write", { try $0.write("clone", at: 100, [UInt8](repeating: 3, count: 2 * 4096)) }),
        ("first write of a clone (its file made)", { try $0.write("fresh", at: 5000, [UInt8](repeating: 8, count: 3 * 4096)) }),
        ("snapshot", { _ = try $0.snapshot("clone") }),
        ("linked clone", { try $0.linkedClone(of: $0.state.layers.values.filter(\.frozen).map(\.id).min()!, as: "second") }),
        ("delete disk", { try $0.deleteDisk("clone") }),
        ("revert", { try $0.revert("base", to: $0.state.disks["base"]!.snapshots[0]) }),
        ("delete snapshot (merge)", { try $0.deleteSnapshot("solo", $0.state.disks["solo"]!.snapshots[0]) }),
        ("full clone", { try $0.fullClone("solo", as: "full") }),
        ("fill synthetic", { try $0.fillSynthetic("clone", fromGrain: 2, count: 3, seed: 5) }),
    ]

    @Test(arguments: 0..<10)
    func everyPointOfEveryOperation(_ which: Int) throws {
        let (label, operation) = Self.operations[which]
        let base = try Self.prepared()
        let before = try Self.visible(Datastore.open(base))
        let counter = FaultyStorage(base)
        try operation(try Datastore.open(counter))
        let after = try Self.visible(Datastore.open(base))
        #expect(before != after)
        var restarts = 0
        for point in 0..<counter.points {
            let m = try Self.prepared()
            let faulty = FaultyStorage(m, failAt: point)
            // (Removing a deleted disk's files happens after the commit and is best effort:
            // a crash there is not reported, and the next open removes what is left.)
            do { try operation(try Datastore.open(faulty)) } catch StorageError.crashed {}
            let n = min(m.unsyncedWrites, 10)
            for mask in 0..<(1 << n) {
                let store = try Datastore.open(m.crashImage { $0 < n ? mask & (1 << $0) != 0 : true })
                let seen = try Self.visible(store)
                #expect(seen == before || seen == after, "\(label): crash at point \(point), kept writes \(mask)")
                let problems = store.check()
                #expect(problems.isEmpty, "\(label): crash at point \(point): \(problems)")
                restarts += 1
            }
        }
        // Once the operation has returned, no crash can take it back.
        let done = try Self.prepared()
        try operation(try Datastore.open(done))
        let n = min(done.unsyncedWrites, 10)
        for mask in 0..<(1 << n) {
            let seen = try Self.visible(Datastore.open(done.crashImage { $0 < n ? mask & (1 << $0) != 0 : false }))
            #expect(seen == after, "\(label): a crash after it returned lost it (kept \(mask))")
        }
        print("crash walk of \(label): \(counter.points) points, \(restarts) restarts, each all or nothing")
    }
}
