import Testing
@testable import CowStore

/// The run map against a model (one entry per grain), after every change of a seeded
/// random sequence; and its pages against corruption.
@Suite struct RunMapTests {
    /// A deterministic generator (the sequences are reproducible from their seed).
    struct Rng {
        var state: UInt64
        mutating func next(_ n: UInt64) -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (state >> 33) % n
        }
    }

    static func check(_ map: RunMap, against model: [UInt64: GrainContent], size: UInt64) {
        for g in 0..<size { #expect(map.content(of: g) == (model[g] ?? .absent), "grain \(g)") }
        // Canonical: sorted, apart, and no two neighbours that continue each other.
        for (a, b) in zip(map.runs, map.runs.dropFirst()) {
            #expect(a.end <= b.first)
            #expect(!a.continues(into: b))
        }
        // Chunks: none empty, none past the limit; the counts kept match the runs.
        #expect(map.chunkSizes.allSatisfy { $0 > 0 && $0 <= map.chunkLimit })
        #expect(map.runCount == map.runs.count)
        let data = map.runs.filter { $0.kind == .data }.reduce(UInt64(0)) { $0 + $1.count }
        #expect(map.grainCounts.data == data)
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func matchesTheModel(seed: UInt64) throws {
        var rng = Rng(state: seed)
        // Small chunks for most seeds, so that changes split, empty and span chunks.
        var map = seed > 6 ? RunMap() : RunMap(chunkLimit: Int(2 + seed % 3))
        var model: [UInt64: GrainContent] = [:]
        let size: UInt64 = 160
        for step in 0..<300 {
            let start = rng.next(size), count = 1 + rng.next(24)
            let stop = min(size, start + count)
            switch rng.next(5) {
            case 0:
                map.remove(start, stop)
                for g in start..<stop { model[g] = nil }
            case 1:
                map.set(Run(first: start, count: stop - start, kind: .zero, value: 0))
                for g in start..<stop { model[g] = .zero }
            case 2:
                let origin = rng.next(2)
                map.set(Run(first: start, count: stop - start, kind: .synthetic, value: origin))
                for g in start..<stop { model[g] = .synthetic(origin: origin) }
            default:
                // Sometimes the slot that continues a neighbour, to exercise merging.
                let slot = rng.next(2) == 0 ? start + 1000 : rng.next(10_000)
                map.set(Run(first: start, count: stop - start, kind: .data, value: slot))
                for g in start..<stop { model[g] = .data(slot: slot + (g - start)) }
            }
            Self.check(map, against: model, size: size)
            if step % 50 == 0 {
                #expect(try MapPages.decode(MapPages.encode(map)) == map)
            }
        }
        let counts = map.grainCounts
        #expect(counts.data + counts.zero + counts.synthetic == UInt64(model.count))
    }

    @Test func manyRunsSpanPagesAndLongRunsSplit() throws {
        var map = RunMap()
        for i in 0..<1000 as Range<UInt64> { map.set(Run(first: i * 3, count: 1, kind: .data, value: i * 7)) }
        map.set(Run(first: 10_000, count: UInt64(UInt32.max) + 5, kind: .synthetic, value: 1))
        let bytes = MapPages.encode(map)
        #expect(bytes.count == 6 * MapPages.pageSize)
        #expect(try MapPages.decode(bytes) == map)
        #expect(MapPages.encode(RunMap()).isEmpty)
    }

    @Test func aDamagedPageIsRefused() {
        var map = RunMap()
        map.set(Run(first: 5, count: 3, kind: .data, value: 9))
        let good = MapPages.encode(map)
        for i in [0, 5, 12, 16, 30, 4095] {
            var bad = good
            bad[i] ^= 0x40
            #expect(throws: MapPages.Failure.self) { _ = try MapPages.decode(bad) }
        }
        #expect(throws: MapPages.Failure.notWholePages(byteCount: 100)) { _ = try MapPages.decode([UInt8](repeating: 0, count: 100)) }
    }

    @Test func syntheticContentIsAPureFunction() {
        let a = Synthetic.grain(seed: 7, origin: 1, index: 42)
        #expect(a == Synthetic.grain(seed: 7, origin: 1, index: 42))
        #expect(a != Synthetic.grain(seed: 7, origin: 1, index: 43))
        #expect(a != Synthetic.grain(seed: 7, origin: 2, index: 42))
        #expect(a != Synthetic.grain(seed: 8, origin: 1, index: 42))
        // Not a degenerate pattern: most byte values occur in one grain.
        #expect(Set(a).count > 200)
        // Pinned (computed independently from the SplitMix64 definition in FORMAT.md), so
        // that a change of the generator, and of every lab's bytes, is seen.
        #expect(CRC32C.checksum(a) == 0x7898_5719)
    }
}
