/// One disk as its readers and its writer see it: the top layer and the merged view of the
/// frozen chain below (FORMAT.md, "Concurrency"). Reads take only this disk's lock, shared;
/// a write takes it exclusively (one writer per top layer); a change of structure
/// (snapshot, revert, consolidation, delete) takes it exclusively to swap what it holds.
public final class DiskHandle: @unchecked Sendable {
    public let name: String
    let lock = ReadWriteLock()
    /// Guarded by `lock`.
    var top: LayerFile
    var below: ChainView?
    var provisioning: CatalogueState.Provisioning
    /// A thick disk's reservation, the bytes its chain owns, and what is left of the
    /// reservation (guarded by the datastore's space lock).
    var reservation: UInt64 = 0
    var written: UInt64 = 0
    var reservedLeft: UInt64 = 0
    /// Whether writes land in the disk's base layer (no snapshot above it): only those
    /// draw on a thick disk's reservation.
    var writesBase: Bool { top.superblock.parentID == 0 }
    /// Bytes of free space held by the write under way (guarded by the space lock).
    var reserved: UInt64 = 0
    /// Set when the disk is deleted: reads through a kept handle then fail.
    var deleted = false

    init(name: String, top: LayerFile, below: ChainView?, provisioning: CatalogueState.Provisioning) {
        self.name = name
        self.top = top
        self.below = below
        self.provisioning = provisioning
    }

    public var size: UInt64 { lock.reading { top.superblock.virtualSize } }

    /// A stretch of grains as a chain shows them: zeros (`layer` nil), or a run of `layer`.
    struct Source {
        var first: UInt64
        var count: UInt64
        var kind: Run.Kind
        var value: UInt64
        var layer: LayerFile?
    }

    /// Calls `body` for the stretches of grains `start ..< stop` as `top` over `below`
    /// shows them, in order: the top layer's runs, and in its gaps the view of the frozen
    /// chain (one search each, whatever the depth).
    static func forEachSource(_ top: LayerFile, _ below: ChainView?, _ start: UInt64, _ stop: UInt64,
                              _ body: (Source) throws -> Void) throws {
        func gap(_ a: UInt64, _ b: UInt64) throws {
            guard a < b else { return }
            var at = a
            try below?.forEach(in: a, b) { p in
                if p.first > at { try body(Source(first: at, count: p.first - at, kind: .zero, value: 0, layer: nil)) }
                try body(Source(first: p.first, count: p.count, kind: p.kind, value: p.value, layer: below!.layers[p.layer]))
                at = p.end
            }
            if at < b { try body(Source(first: at, count: b - at, kind: .zero, value: 0, layer: nil)) }
        }
        var at = start
        for r in top.map.runs(in: start, stop) {
            try gap(at, r.first)
            try body(Source(first: r.first, count: r.count, kind: r.kind, value: r.value, layer: top))
            at = r.end
        }
        try gap(at, stop)
    }

    /// Fills `buffer` with the disk's bytes from `offset`, each stretch from the layer that
    /// serves it, consecutive slots in one read. Takes this disk's lock only, shared.
    public func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws {
        try lock.reading { try readHeld(at: offset, into: buffer) }
    }

    public func read(at offset: UInt64, count: Int) throws -> [UInt8] {
        guard count >= 0 else { throw Datastore.Failure.badCount(count) }
        var out = [UInt8](repeating: 0, count: count)
        try out.withUnsafeMutableBytes { try read(at: offset, into: $0) }
        return out
    }

    /// `read` with the lock held (shared or exclusive). `wholeGrains` lets the last grain
    /// be read past the disk's size (zeros there), for a write that patches it.
    func readHeld(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer, wholeGrains: Bool = false) throws {
        if deleted { throw Datastore.Failure.noSuchDisk(name) }
        let G = Datastore.grainSize
        let size = wholeGrains ? (top.superblock.virtualSize + G - 1) / G * G : top.superblock.virtualSize
        let (end, overflow) = offset.addingReportingOverflow(UInt64(buffer.count))
        guard !overflow, end <= size else { throw Datastore.Failure.outOfRange(disk: name, end: end, size: size) }
        guard !buffer.isEmpty else { return }
        try Self.forEachSource(top, below, offset / G, (end - 1) / G + 1) { s in
            let from = max(offset, s.first * G), to = min(end, (s.first + s.count) * G)
            let dst = UnsafeMutableRawBufferPointer(rebasing: buffer[Int(from - offset) ..< Int(to - offset)])
            switch s.kind {
            case .zero: dst.initializeMemory(as: UInt8.self, repeating: 0)
            case .data: try s.layer!.readBytes(at: s.value * G + (from - s.first * G), into: dst)
            case .synthetic:
                let o = s.layer!.origins[Int(s.value)]
                var at = from
                while at < to {
                    let g = at / G, grain = Synthetic.grain(seed: o.seed, origin: o.disk, index: g)
                    let stop = min(to, (g + 1) * G)
                    grain.withUnsafeBytes { dst.baseAddress!.advanced(by: Int(at - from)).copyMemory(from: $0.baseAddress! + Int(at - g * G), byteCount: Int(stop - at)) }
                    at = stop
                }
            }
        }
    }

    /// A grain as the disk shows it (the lock held).
    func readGrainHeld(_ g: UInt64) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: LayerFile.grainSize)
        try out.withUnsafeMutableBytes { try readHeld(at: g * Datastore.grainSize, into: $0, wholeGrains: true) }
        return out
    }
}
