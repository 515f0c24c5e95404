import Testing
@testable import CowStore

/// A layer file's commits: what reopening finds, slots reused, and the crash walk (every
/// write and sync point of an operation, with unsynced writes lost or kept).
@Suite struct LayerFileTests {
    static func grain(_ byte: UInt8) -> [UInt8] { [UInt8](repeating: byte, count: LayerFile.grainSize) }

    static func newLayer(_ storage: Storage) throws -> LayerFile {
        var s = Superblock(layerID: 7, parentID: 3, parentGeneration: 2, virtualSize: 64 * 4096, generation: 0)
        s.origins = [.init(seed: 11, disk: 7)]
        return LayerFile.create(storage, path: "l.vly", superblock: s)
    }

    /// What each grain of the layer reads as: a data grain's bytes, or its map entry.
    static func contents(_ layer: LayerFile) throws -> [UInt64: String] {
        var out: [UInt64: String] = [:]
        for g in 0..<layer.grainCount {
            switch layer.map.content(of: g) {
            case .absent: break
            case .zero: out[g] = "zero"
            case .synthetic(let o): out[g] = "synthetic \(o)"
            case .data(let slot): out[g] = "data \(try layer.readSlot(slot)[0])"
            }
        }
        return out
    }

    @Test func aNewLayerIsNoFileUntilItsFirstCommit() throws {
        let m = MemoryStorage()
        let layer = try Self.newLayer(m)
        #expect(!m.exists("l.vly"))
        #expect(throws: StorageError.notFound("l.vly")) { try LayerFile.open(m, path: "l.vly") }
        let empty = try LayerFile.open(m, path: "l.vly", empty: layer.superblock)
        #expect(empty.superblock == layer.superblock && !empty.onDisk && empty.check().isEmpty)
        try layer.commit()    // nothing to commit: still no file
        #expect(!m.exists("l.vly"))
        try layer.write(grain: 3, Self.grain(9))
        try layer.commit()
        #expect(layer.onDisk && m.unsyncedWrites == 0)    // the name is durable too
        let again = try LayerFile.open(m, path: "l.vly")
        #expect(again.superblock == layer.superblock && again.superblock.generation == 2)
        #expect(again.superblock.origins == [.init(seed: 11, disk: 7)])
        #expect(try Self.contents(again) == [3: "data 9"])
        #expect(again.check().isEmpty)
        #expect(try m.size("l.vly") == 3 * 4096)    // superblocks, the grain, one map page
    }

    @Test func commitsReadBackAndReuseSlots() throws {
        let m = MemoryStorage()
        let layer = try Self.newLayer(m)
        for g in 0..<8 as Range<UInt64> { try layer.write(grain: g, Self.grain(UInt8(g))) }
        try layer.set(Run(first: 10, count: 5, kind: .zero, value: 0))
        try layer.set(Run(first: 20, count: 30, kind: .synthetic, value: 0))
        try layer.commit()
        let first = try Self.contents(layer)
        #expect(try Self.contents(LayerFile.open(m, path: "l.vly")) == first)
        // Overwriting every grain many times: the file stops growing once slots free up.
        for round in 0..<20 {
            for g in 0..<8 as Range<UInt64> { try layer.write(grain: g, Self.grain(UInt8(100 + round))) }
            try layer.commit()
            #expect(layer.check().isEmpty)
        }
        #expect(try m.size("l.vly") <= 30 * 4096)
        let reopened = try LayerFile.open(m, path: "l.vly")
        #expect(try Self.contents(reopened)[3] == "data 119")
        #expect(reopened.check().isEmpty)
        try layer.commit(frozen: true)
        #expect(throws: LayerFile.Failure.frozen("l.vly")) { try layer.write(grain: 0, Self.grain(1)) }
        #expect(try LayerFile.open(m, path: "l.vly").superblock.frozen)
    }

    /// A commit that fails before its superblock keeps the writes waiting (a retry commits
    /// them); one that fails after it leaves the layer refusing changes until reopened.
    @Test func aFailedCommitKeepsTheWritesOrStopsTheLayer() throws {
        var after: [UInt64: String] = [:]
        for point in 0..<5 {
            let m = MemoryStorage()
            let layer = try Self.newLayer(m)
            try layer.write(grain: 1, Self.grain(1))
            try layer.commit()
            let before = try Self.contents(layer)
            after = before.merging([2: "data 2"]) { $1 }
            let l = try LayerFile.open(FaultyStorage(m, failAt: point, mode: .fail), path: "l.vly")
            #expect(throws: StorageError.injected(point: point)) {
                try l.write(grain: 2, Self.grain(2))
                try l.commit()
            }
            switch point {
            case 0:    // the grain's write: nothing changed
                #expect(try Self.contents(l) == before)
            case 1, 2:    // the map pages or their sync: the write still waits, and commits
                #expect(try Self.contents(l) == after)
                #expect(try Self.contents(LayerFile.open(m, path: "l.vly")) == before)
                try l.commit()
                #expect(try Self.contents(LayerFile.open(m, path: "l.vly")) == after)
            default:    // the superblock or its sync: the layer stops
                #expect(try Self.contents(l) == before)
                #expect(throws: LayerFile.Failure.needsReopen("l.vly")) { try l.write(grain: 3, Self.grain(3)) }
                #expect(throws: LayerFile.Failure.needsReopen("l.vly")) { try l.commit() }
                let reopened = try Self.contents(LayerFile.open(m, path: "l.vly"))
                #expect(reopened == before || reopened == after)
            }
            #expect(try LayerFile.open(m, path: "l.vly").check().isEmpty)
        }
    }

    /// The operation: write two grains (one over an old one), zero a range, commit.
    static func operation(_ layer: LayerFile) throws {
        try layer.write(grain: 1, grain(9))
        try layer.write(grain: 5, grain(5))
        try layer.set(Run(first: 30, count: 4, kind: .zero, value: 0))
        try layer.commit()
    }

    @Test func theCrashWalk() throws {
        // The state before, and how many points the operation has.
        func prepared() throws -> MemoryStorage {
            let m = MemoryStorage()
            let layer = try Self.newLayer(m)
            for g in 0..<4 as Range<UInt64> { try layer.write(grain: g, Self.grain(UInt8(10 + g))) }
            try layer.commit()
            return m
        }
        let base = try prepared()
        let before = try Self.contents(LayerFile.open(base, path: "l.vly"))
        let counter = FaultyStorage(base)
        try Self.operation(try LayerFile.open(counter, path: "l.vly"))
        let after = try Self.contents(LayerFile.open(base, path: "l.vly"))
        #expect(before != after)
        var walked = 0
        for point in 0..<counter.points {
            let m = try prepared()
            let faulty = FaultyStorage(m, failAt: point)
            #expect(throws: StorageError.crashed(point: point)) { try Self.operation(try LayerFile.open(faulty, path: "l.vly")) }
            // Every choice of which unsynced writes the power loss kept.
            let n = m.unsyncedWrites
            #expect(n <= 12)
            for mask in 0..<(1 << n) {
                let restarted = try LayerFile.open(m.crashImage { mask & (1 << $0) != 0 }, path: "l.vly")
                let seen = try Self.contents(restarted)
                #expect(seen == before || seen == after, "crash at point \(point), kept writes \(mask) of \(n)")
                #expect(restarted.check().isEmpty)
                walked += 1
            }
        }
        #expect(counter.points == 6)
        print("layer commit crash walk: \(counter.points) points, \(walked) restarts, each all or nothing")
    }
}

/// Layer files whose checksums hold but whose numbers are absurd (made by something else,
/// or crafted): opening refuses them, and nothing traps on the way.
@Suite struct HostileLayerFileTests {
    static let extremes: [UInt64] = [0, 1, 7, 1 << 32, 1 << 50, (1 << 50) + 1, 1 << 56, (1 << 56) + 1, UInt64.max / 4096, UInt64.max - 1, UInt64.max]

    @Test func absurdNumbersAreRefusedNotTrapped() throws {
        var rng = DatastoreTests.Rng(state: 99)
        func pick() -> UInt64 { rng.next(3) == 0 ? rng.next(100) : Self.extremes[Int(rng.next(UInt64(Self.extremes.count)))] }
        var refused = 0, opened = 0
        for _ in 0..<400 {
            let m = MemoryStorage()
            var s = Superblock(layerID: pick(), parentID: pick(), parentGeneration: pick(), virtualSize: pick(), generation: pick())
            s.slotCount = pick()
            s.mapFirstSlot = pick() % 8
            var map = RunMap()
            for _ in 0..<Int(rng.next(4)) {
                let kind = Run.Kind(rawValue: UInt8(1 + rng.next(3)))!
                let first = pick() % (1 << 60), count = 1 + pick() % (1 << 20)
                map.set(Run(first: first, count: count, kind: kind, value: kind == .zero ? 0 : pick() % (1 << 60)))
            }
            let pages = MapPages.encode(map)
            s.mapPageCount = UInt32(pages.count / 4096)
            s.mapChecksum = CRC32C.checksum(pages)
            if s.mapPageCount > 0 { try m.write("l.vly", at: s.mapFirstSlot &* 4096, pages) }
            try m.write("l.vly", at: 512, s.encoded())
            do {
                let l = try LayerFile.open(m, path: "l.vly")
                _ = l.check()
                _ = l.grainCount
                opened += 1
            } catch {
                refused += 1
            }
        }
        #expect(refused > 0)
        _ = opened
    }
}
