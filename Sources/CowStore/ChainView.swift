/// What a chain of layers shows, merged into one sorted list of pieces, each naming the
/// layer that serves it. Frozen layers never change, so the view of a frozen layer's chain
/// is built once and shared by every disk on it: a read then costs one search in the top
/// layer and one here, however deep the chain (FORMAT.md, "The map").
struct ChainView {
    struct Piece: Equatable {
        var first: UInt64
        var count: UInt64
        /// Index into `layers` of the layer serving these grains.
        var layer: Int
        var kind: Run.Kind
        var value: UInt64

        var end: UInt64 { first + count }

        func slice(_ start: UInt64, _ stop: UInt64) -> Piece {
            Piece(first: start, count: stop - start, layer: layer, kind: kind, value: kind == .data ? value + (start - first) : value)
        }
    }

    /// The chain's layers, nearest first.
    let layers: [LayerFile]
    private(set) var pieces: [Piece] = []

    /// The view of `layers` (nearest first): each layer's runs where no nearer layer has
    /// the grains.
    init(_ layers: [LayerFile]) {
        self.layers = layers
        for (i, l) in layers.enumerated() {
            let lower = l.map.runs.map { Piece(first: $0.first, count: $0.count, layer: i, kind: $0.kind, value: $0.value) }
            pieces = i == 0 ? lower : Self.overlay(pieces, lower)
        }
    }

    /// `upper`'s pieces, and `lower`'s where `upper` has none (both sorted, disjoint).
    static func overlay(_ upper: [Piece], _ lower: [Piece]) -> [Piece] {
        var visible: [Piece] = []
        var u = 0
        for var l in lower {
            while l.count > 0 {
                while u < upper.count && upper[u].end <= l.first { u += 1 }
                guard u < upper.count, upper[u].first < l.end else { visible.append(l); break }
                if l.first < upper[u].first { visible.append(l.slice(l.first, upper[u].first)) }
                let resume = min(upper[u].end, l.end)
                l = l.slice(resume, l.end)
            }
        }
        var out: [Piece] = []
        out.reserveCapacity(upper.count + visible.count)
        var i = 0, j = 0
        while i < upper.count || j < visible.count {
            if j == visible.count || (i < upper.count && upper[i].first < visible[j].first) {
                out.append(upper[i]); i += 1
            } else {
                out.append(visible[j]); j += 1
            }
        }
        return out
    }

    /// Calls `body` for each piece overlapping `start ..< stop`, cut to it, in order; the
    /// gaps are grains no layer has.
    func forEach(in start: UInt64, _ stop: UInt64, _ body: (Piece) throws -> Void) rethrows {
        var lo = 0, hi = pieces.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if pieces[mid].end <= start { lo = mid + 1 } else { hi = mid }
        }
        var i = lo
        while i < pieces.count && pieces[i].first < stop {
            let p = pieces[i]
            try body(p.slice(max(p.first, start), min(p.end, stop)))
            i += 1
        }
    }
}
