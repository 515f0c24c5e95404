import Testing
@testable import CowStore

/// The datastore against a model of every disk's bytes (and of what is durable: writes
/// that wait for a flush are lost by a reopen): seeded random sequences of create, write,
/// flush, snapshot, linked clone, revert, delete snapshot, full clone, synthetic fill,
/// delete and reopen, each disk read whole and `check()` run after every step.
@Suite struct DatastoreTests {
    struct Rng {
        var state: UInt64
        mutating func next(_ n: UInt64) -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (state >> 33) % max(1, n)
        }
    }

    static let diskSize: UInt64 = 16 * 4096

    @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func matchesTheModel(seed: UInt64) throws {
        var rng = Rng(state: seed)
        let storage = MemoryStorage()
        var store = try Datastore.create(storage, capacity: 1 << 30)
        var model: [String: [UInt8]] = [:]
        var durable: [String: [UInt8]] = [:]
        var frozen: [UInt64: [UInt8]] = [:]
        let names = ["a", "b", "c", "d"]
        for step in 0..<200 {
            let name = names[Int(rng.next(UInt64(names.count)))]
            switch rng.next(13) {
            case 0:
                if model[name] == nil {
                    let p = CatalogueState.Provisioning(rawValue: UInt8(rng.next(3)))!
                    try store.createDisk(name, size: Self.diskSize, provisioning: p)
                    model[name] = [UInt8](repeating: 0, count: Int(Self.diskSize))
                    durable[name] = model[name]
                } else {
                    #expect(throws: Datastore.Failure.diskExists(name)) { try store.createDisk(name, size: Self.diskSize) }
                }
            case 1, 2, 3, 4:
                guard model[name] != nil else { continue }
                let offset = rng.next(Self.diskSize - 1)
                let count = min(Self.diskSize - offset, 1 + rng.next(10_000))
                let byte = UInt8(truncatingIfNeeded: step + 1)
                let bytes = (0..<count).map { byte &+ UInt8(truncatingIfNeeded: $0 / 4096) }
                let flushing = rng.next(3) != 0
                try store.write(name, at: offset, bytes, flushing: flushing)
                model[name]!.replaceSubrange(Int(offset)..<Int(offset + count), with: bytes)
                if flushing { durable[name] = model[name] }    // (with the writes before it)
            case 5:
                guard let m = model[name] else { continue }
                frozen[try store.snapshot(name)] = m
                durable[name] = m    // a snapshot commits what waited
            case 6:
                let candidates = store.state.layers.values.filter(\.frozen).map(\.id).sorted()
                guard model[name] == nil, !candidates.isEmpty else { continue }
                let base = candidates[Int(rng.next(UInt64(candidates.count)))]
                try store.linkedClone(of: base, as: name)
                model[name] = frozen[base]
                durable[name] = frozen[base]
            case 7:
                guard model[name] != nil else { continue }
                try store.deleteDisk(name)
                model[name] = nil
                durable[name] = nil
            case 8:
                store = try Datastore.open(storage)
                model = durable
            case 9:
                guard model[name] != nil else { continue }
                try store.flush(name)
                durable[name] = model[name]
            case 10:
                guard let pins = store.state.disks[name]?.snapshots, !pins.isEmpty else { continue }
                let pin = pins[Int(rng.next(UInt64(pins.count)))]
                if rng.next(2) == 0 {
                    try store.revert(name, to: pin)
                    model[name] = frozen[pin]
                    durable[name] = frozen[pin]
                } else {
                    let top = store.state.disks[name]!.top
                    try store.deleteSnapshot(name, pin)
                    // A consolidation commits the disk's waiting writes with the merge.
                    if store.state.disks[name]!.top != top { durable[name] = model[name] }
                }
            case 11:
                guard let m = model[name] else { continue }
                let target = names[Int(rng.next(UInt64(names.count)))]
                guard model[target] == nil else { continue }
                try store.fullClone(name, as: target)
                model[target] = m
                durable[target] = m
            case 12:
                guard model[name] != nil else { continue }
                let first = rng.next(16), count = 1 + rng.next(16 - first)
                let top = store.state.disks[name]!.top
                try store.fillSynthetic(name, fromGrain: first, count: count, seed: seed)
                for g in first..<first + count {
                    model[name]!.replaceSubrange(Int(g * 4096)..<Int((g + 1) * 4096), with: Synthetic.grain(seed: seed, origin: top, index: g))
                }
                durable[name] = model[name]
            default:
                guard model[name] != nil else { continue }
                // A read that is not grain-aligned.
                let offset = rng.next(Self.diskSize - 100)
                #expect(try store.read(name, at: offset, count: 100) == Array(model[name]![Int(offset)..<Int(offset) + 100]))
            }
            for (n, bytes) in model { #expect(try store.read(n, at: 0, count: Int(Self.diskSize)) == bytes, "disk \(n) at step \(step)") }
            #expect(Set(store.state.disks.keys) == Set(model.keys))
            let problems = store.check()
            #expect(problems.isEmpty, "step \(step): \(problems)")
        }
    }

    @Test func aLinkedCloneSharesAndStoresOnlyItsWrites() throws {
        let storage = MemoryStorage()
        let store = try Datastore.create(storage, capacity: 1 << 40)
        try store.createDisk("base", size: 1 << 30)
        try store.write("base", at: 0, [UInt8](repeating: 7, count: 64 * 4096))
        let snap = try store.snapshot("base")
        let before = store.usage().allocated
        try store.linkedClone(of: snap, as: "clone")
        #expect(store.usage().allocated == before)
        #expect(!storage.exists(Datastore.path(store.state.disks["clone"]!.top)))    // no host bytes until it is written
        try store.write("clone", at: 4096, [UInt8](repeating: 9, count: 4096))
        #expect(store.usage().allocated == before + 4096)
        #expect(try store.read("clone", at: 0, count: 4) == [7, 7, 7, 7])
        #expect(try store.read("clone", at: 4096, count: 2) == [9, 9])
        #expect(try store.read("base", at: 4096, count: 2) == [7, 7])
        #expect(throws: Datastore.Failure.notFrozen(store.state.disks["clone"]!.top)) {
            try store.linkedClone(of: store.state.disks["clone"]!.top, as: "x")
        }
        #expect(store.check().isEmpty)
    }

    @Test func outOfSpaceChangesNothing() throws {
        let storage = MemoryStorage()
        let store = try Datastore.create(storage, capacity: 10 * 4096)
        try store.createDisk("d", size: 1 << 20)
        try store.write("d", at: 0, [UInt8](repeating: 1, count: 8 * 4096))
        let usage = store.usage()
        let content = try store.read("d", at: 0, count: 16 * 4096)
        #expect(throws: Datastore.Failure.outOfSpace(needed: 4 * 4096, free: 2 * 4096)) {
            try store.write("d", at: 8 * 4096, [UInt8](repeating: 2, count: 4 * 4096))
        }
        #expect(throws: Datastore.Failure.outOfSpace(needed: 1 << 20, free: 2 * 4096)) {
            try store.createDisk("thick", size: 1 << 20, provisioning: .thickLazy)
        }
        #expect(store.usage() == usage)
        #expect(try store.read("d", at: 0, count: 16 * 4096) == content)
        #expect(store.check().isEmpty)
    }

    @Test func spaceAndDependenciesPerDisk() throws {
        let store = try Datastore.create(MemoryStorage(), capacity: 1 << 40)
        let G: UInt64 = 4096
        try store.createDisk("gold", size: 64 * G)
        try store.write("gold", at: 0, [UInt8](repeating: 1, count: 10 * Int(G)))
        let snap = try store.snapshot("gold")
        try store.linkedClone(of: snap, as: "a")
        try store.linkedClone(of: snap, as: "b")
        try store.write("a", at: 0, [UInt8](repeating: 2, count: 3 * Int(G)))    // hides 3 of gold's grains
        try store.write("a", at: 20 * G, [UInt8](repeating: 2, count: Int(G)))   // and adds one
        try store.fillSynthetic("b", fromGrain: 30, count: 5, seed: 1)
        let topA = store.state.disks["a"]!.top, topGold = store.state.disks["gold"]!.top
        #expect(try store.layers(ofDisk: "a") == [topA, snap])
        #expect(store.disks(dependingOn: snap) == ["a", "b", "gold"])
        #expect(store.disks(dependingOn: topA) == ["a"])
        #expect(try store.usage(ofDisk: "a") == .init(provisioned: 64 * G, allocated: 11 * G, unique: 4 * G, shared: 10 * G, reserved: 0))
        #expect(try store.usage(ofDisk: "b") == .init(provisioned: 64 * G, allocated: 15 * G, unique: 5 * G, shared: 10 * G, reserved: 0))
        #expect(try store.usage(ofDisk: "gold") == .init(provisioned: 64 * G, allocated: 10 * G, unique: 0, shared: 10 * G, reserved: 0))
        #expect(store.usage().allocated == 19 * G)
        #expect(try store.usage(ofLayer: topA) == .init(owned: 4 * G, fileBytes: 7 * G))    // superblocks, 4 grains, two commits' map pages
        #expect(try store.usage(ofLayer: topGold) == .init(owned: 0, fileBytes: 0))    // no file yet
        #expect(try store.servedRuns(from: topA) == [
            .init(first: 0, count: 3, layer: topA, kind: .data), .init(first: 3, count: 7, layer: snap, kind: .data),
            .init(first: 10, count: 10, layer: 0, kind: .zero), .init(first: 20, count: 1, layer: topA, kind: .data),
            .init(first: 21, count: 43, layer: 0, kind: .zero),
        ])
        #expect(try store.servedRuns(from: topGold) == [.init(first: 0, count: 10, layer: snap, kind: .data), .init(first: 10, count: 54, layer: 0, kind: .zero)])
        // Deleting "a" frees exactly its unique bytes; deleting the others frees the rest.
        try store.deleteDisk("a")
        #expect(store.usage().allocated == 15 * G)
        try store.deleteDisk("b")
        try store.deleteDisk("gold")
        #expect(store.usage().allocated == 0 && store.state.layers.isEmpty)
        #expect(store.check().isEmpty)
    }
}
