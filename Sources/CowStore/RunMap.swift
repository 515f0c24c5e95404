/// What one grain of a layer holds (FORMAT.md, "The map").
public enum GrainContent: Equatable, Sendable {
    /// Not in this layer: the parent's content shows through.
    case absent
    /// The layer's grain slot `slot`.
    case data(slot: UInt64)
    /// Zeros, hiding the parent.
    case zero
    /// Generated content of the layer's synthetic origin `origin`.
    case synthetic(origin: UInt64)
}

/// Consecutive grains with one kind of content: data in consecutive slots, zeros, or one
/// synthetic origin.
public struct Run: Equatable, Sendable {
    public enum Kind: UInt8, Sendable { case data = 1, zero = 2, synthetic = 3 }

    public var first: UInt64
    public var count: UInt64
    public var kind: Kind
    /// The first slot (data) or the origin (synthetic); 0 for zeros.
    public var value: UInt64

    public init(first: UInt64, count: UInt64, kind: Kind, value: UInt64) {
        self.first = first
        self.count = count
        self.kind = kind
        self.value = value
    }

    public var end: UInt64 { first + count }

    /// The content of `grain`, which the run covers.
    func content(of grain: UInt64) -> GrainContent {
        switch kind {
        case .data: return .data(slot: value + (grain - first))
        case .zero: return .zero
        case .synthetic: return .synthetic(origin: value)
        }
    }

    /// The part of the run from `start` to `stop` (within it).
    func slice(_ start: UInt64, _ stop: UInt64) -> Run {
        Run(first: start, count: stop - start, kind: kind, value: kind == .data ? value + (start - first) : value)
    }

    /// Whether `next`, starting where this run ends, continues it.
    func continues(into next: Run) -> Bool {
        guard end == next.first, kind == next.kind else { return false }
        switch kind {
        case .data: return value + count == next.value
        case .zero: return true
        case .synthetic: return value == next.value
        }
    }
}

/// A layer's map: sorted runs that do not overlap, adjacent runs that continue each other
/// merged (so the map of the same content is always the same runs). The runs are kept in
/// chunks of at most `chunkLimit` (a B-tree of height two): lookups are two binary
/// searches, and a change splices one chunk, so 100k random writes cost no more each than
/// the first. Copies share the chunks they do not change.
public struct RunMap: Equatable, Sendable {
    private var chunks: [[Run]] = []
    let chunkLimit: Int
    /// Grains mapped, by kind, kept as runs change (reading them costs nothing).
    public private(set) var grainCounts: (data: UInt64, zero: UInt64, synthetic: UInt64) = (0, 0, 0)
    public private(set) var runCount = 0

    public init() { chunkLimit = 256 }

    /// A map with small chunks, so that tests cross chunk boundaries.
    init(chunkLimit: Int) {
        precondition(chunkLimit >= 2)
        self.chunkLimit = chunkLimit
    }

    public static func == (a: RunMap, b: RunMap) -> Bool { a.runCount == b.runCount && a.runs == b.runs }

    /// All runs, in order.
    public var runs: [Run] { Array(chunks.joined()) }

    private mutating func count(_ r: Run, _ sign: Int) {
        let n = r.count
        runCount += sign
        switch (r.kind, sign > 0) {
        case (.data, true): grainCounts.data += n
        case (.data, false): grainCounts.data -= n
        case (.zero, true): grainCounts.zero += n
        case (.zero, false): grainCounts.zero -= n
        case (.synthetic, true): grainCounts.synthetic += n
        case (.synthetic, false): grainCounts.synthetic -= n
        }
    }

    /// From runs as stored; nil when they are not sorted, overlap or are empty.
    public init?(runs: [Run]) {
        self.init()
        for (i, r) in runs.enumerated() {
            if r.count == 0 || r.first.addingReportingOverflow(r.count).overflow { return nil }
            if i > 0 && runs[i - 1].end > r.first { return nil }
        }
        for r in runs { set(r) }
    }

    /// A run's place: chunk and index; `(chunks.count, 0)` is past the last run.
    private struct Position: Equatable { var chunk: Int, index: Int }

    /// The place of the first run ending after `grain`.
    private func position(after grain: UInt64) -> Position {
        var lo = 0, hi = chunks.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if chunks[mid][chunks[mid].count - 1].end <= grain { lo = mid + 1 } else { hi = mid }
        }
        guard lo < chunks.count else { return Position(chunk: chunks.count, index: 0) }
        let c = chunks[lo]
        var a = 0, b = c.count
        while a < b {
            let mid = (a + b) / 2
            if c[mid].end <= grain { a = mid + 1 } else { b = mid }
        }
        return Position(chunk: lo, index: a)
    }

    private func run(at p: Position) -> Run? { p.chunk < chunks.count ? chunks[p.chunk][p.index] : nil }

    private func next(_ p: Position) -> Position {
        p.index + 1 < chunks[p.chunk].count ? Position(chunk: p.chunk, index: p.index + 1) : Position(chunk: p.chunk + 1, index: 0)
    }

    private func previous(_ p: Position) -> Position? {
        if p.index > 0 { return Position(chunk: p.chunk, index: p.index - 1) }
        return p.chunk > 0 ? Position(chunk: p.chunk - 1, index: chunks[p.chunk - 1].count - 1) : nil
    }

    public func content(of grain: UInt64) -> GrainContent {
        guard let r = run(at: position(after: grain)), r.first <= grain else { return .absent }
        return r.content(of: grain)
    }

    /// The runs overlapping `start ..< stop`, cut to it.
    public func runs(in start: UInt64, _ stop: UInt64) -> [Run] {
        var out: [Run] = []
        var p = position(after: start)
        while let r = run(at: p), r.first < stop {
            out.append(r.slice(max(r.first, start), min(r.end, stop)))
            p = next(p)
        }
        return out
    }

    /// Maps `run`'s grains to its content, replacing whatever they held.
    public mutating func set(_ run: Run) {
        guard run.count > 0 else { return }
        replace(run.first, run.end, with: run)
    }

    /// Makes `start ..< stop` absent again.
    public mutating func remove(_ start: UInt64, _ stop: UInt64) {
        guard start < stop else { return }
        replace(start, stop, with: nil)
    }

    private mutating func replace(_ start: UInt64, _ stop: UInt64, with run: Run?) {
        let lo = position(after: start)
        var hi = lo
        var removed: [Run] = []
        while let r = self.run(at: hi), r.first < stop { removed.append(r); hi = next(hi) }
        var middle: [Run] = []
        // What is left of the runs cut at either end.
        if let head = removed.first, head.first < start { middle.append(head.slice(head.first, start)) }
        if let run { middle.append(run) }
        if let tail = removed.last, tail.end > stop { middle.append(tail.slice(stop, tail.end)) }
        // Merge with the neighbours outside the range too.
        var from = lo
        if let p = previous(lo), let head = middle.first, let before = self.run(at: p), before.continues(into: head) {
            from = p
            middle.insert(before, at: 0)
            removed.insert(before, at: 0)
        }
        if let tail = middle.last, let after = self.run(at: hi), tail.continues(into: after) {
            middle.append(after)
            removed.append(after)
            hi = next(hi)
        }
        var merged: [Run] = []
        for r in middle {
            if let last = merged.last, last.continues(into: r) {
                merged[merged.count - 1].count += r.count
            } else {
                merged.append(r)
            }
        }
        for r in removed { count(r, -1) }
        for r in merged { count(r, 1) }
        splice(from, hi, merged)
    }

    /// Replaces the runs from `from` up to `to` with `runs`.
    private mutating func splice(_ from: Position, _ to: Position, _ runs: [Run]) {
        if from.chunk == chunks.count {
            guard !runs.isEmpty else { return }
            if let last = chunks.indices.last, chunks[last].count + runs.count <= chunkLimit {
                chunks[last].append(contentsOf: runs)
            } else {
                chunks.append(contentsOf: pieces(runs))
            }
            return
        }
        if to.chunk == from.chunk || (to.chunk == from.chunk + 1 && to.index == 0) {
            // Within one chunk (the common case: one write, one chunk changed in place).
            let stop = to.chunk == from.chunk ? to.index : chunks[from.chunk].count
            chunks[from.chunk].replaceSubrange(from.index ..< stop, with: runs)
            let n = chunks[from.chunk].count
            if n == 0 { chunks.remove(at: from.chunk) } else if n > chunkLimit { chunks.replaceSubrange(from.chunk ... from.chunk, with: pieces(chunks[from.chunk])) }
            return
        }
        let last = min(to.chunk, chunks.count - 1)
        var combined = Array(chunks[from.chunk][..<from.index]) + runs
        if to.chunk < chunks.count { combined += chunks[to.chunk][to.index...] }
        chunks.replaceSubrange(from.chunk ... last, with: pieces(combined))
    }

    /// `runs` cut into chunks half full (room to grow on both sides).
    private func pieces(_ runs: [Run]) -> [[Run]] {
        guard runs.count > chunkLimit else { return runs.isEmpty ? [] : [runs] }
        let size = chunkLimit / 2
        return stride(from: 0, to: runs.count, by: size).map { Array(runs[$0 ..< min($0 + size, runs.count)]) }
    }

    /// Chunk sizes (for tests of the structure).
    var chunkSizes: [Int] { chunks.map(\.count) }
}
