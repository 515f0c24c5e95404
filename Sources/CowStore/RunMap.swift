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
/// merged (so the map of the same content is always the same runs). Lookups are binary
/// searches; changing a range splices the runs it touches.
public struct RunMap: Equatable, Sendable {
    public private(set) var runs: [Run] = []
    /// Grains mapped, by kind, kept as runs change (reading them costs nothing).
    public private(set) var grainCounts: (data: UInt64, zero: UInt64, synthetic: UInt64) = (0, 0, 0)

    public init() {}

    public static func == (a: RunMap, b: RunMap) -> Bool { a.runs == b.runs }

    private mutating func count(_ r: Run, _ sign: Int) {
        let n = r.count
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
        for (i, r) in runs.enumerated() {
            if r.count == 0 || r.first.addingReportingOverflow(r.count).overflow { return nil }
            if i > 0 && runs[i - 1].end > r.first { return nil }
        }
        for r in runs { set(r) }
    }

    /// The index of the first run ending after `grain`.
    private func firstEnding(after grain: UInt64) -> Int {
        var lo = 0, hi = runs.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if runs[mid].end <= grain { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    public func content(of grain: UInt64) -> GrainContent {
        let i = firstEnding(after: grain)
        guard i < runs.count, runs[i].first <= grain else { return .absent }
        return runs[i].content(of: grain)
    }

    /// The runs overlapping `start ..< stop`, cut to it.
    public func runs(in start: UInt64, _ stop: UInt64) -> [Run] {
        var out: [Run] = []
        var i = firstEnding(after: start)
        while i < runs.count && runs[i].first < stop {
            let r = runs[i]
            out.append(r.slice(max(r.first, start), min(r.end, stop)))
            i += 1
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
        let lo = firstEnding(after: start)
        var hi = lo
        while hi < runs.count && runs[hi].first < stop { hi += 1 }
        var middle: [Run] = []
        // What is left of the runs cut at either end.
        if lo < hi && runs[lo].first < start { middle.append(runs[lo].slice(runs[lo].first, start)) }
        if let run { middle.append(run) }
        if lo < hi && runs[hi - 1].end > stop { middle.append(runs[hi - 1].slice(stop, runs[hi - 1].end)) }
        // Merge with the neighbours outside the range too.
        var from = lo, to = hi
        if from > 0, let head = middle.first, runs[from - 1].continues(into: head) { from -= 1; middle.insert(runs[from], at: 0) }
        if to < runs.count, let tail = middle.last, tail.continues(into: runs[to]) { middle.append(runs[to]); to += 1 }
        var merged: [Run] = []
        for r in middle {
            if let last = merged.last, last.continues(into: r) {
                merged[merged.count - 1].count += r.count
            } else {
                merged.append(r)
            }
        }
        for r in runs[from ..< to] { count(r, -1) }
        for r in merged { count(r, 1) }
        runs.replaceSubrange(from ..< to, with: merged)
    }

}
