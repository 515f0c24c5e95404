/// Reads, writes and flushes (FORMAT.md, "Concurrency"): a write holds `structure` shared
/// and its disk's lock exclusively; its space is reserved and accounted under `spaceLock`.
extension Datastore {
    /// Writes `bytes` at `offset`; grains written in part are read and patched first. With
    /// `flushing: false` the write waits for the next `flush` to become durable (a crash
    /// before it loses it, never mixes it: the committed state stays whole).
    public func write(_ name: String, at offset: UInt64, _ bytes: [UInt8], flushing: Bool = true) throws {
        try bytes.withUnsafeBytes { try write(name, at: offset, from: $0, flushing: flushing) }
    }

    public func write(_ name: String, at offset: UInt64, from bytes: UnsafeRawBufferPointer, flushing: Bool = true) throws {
        let G = Self.grainSize
        let (lastByte, overflow) = offset.addingReportingOverflow(UInt64(max(bytes.count, 1)) - 1)
        try writing(name, grains: offset / G ..< (overflow ? offset / G : lastByte / G) + 1) { h in
            let top = h.top
            let (end, overflow) = offset.addingReportingOverflow(UInt64(bytes.count))
            guard !overflow, end <= top.superblock.virtualSize else { throw Failure.outOfRange(disk: name, end: end, size: top.superblock.virtualSize) }
            guard !bytes.isEmpty else { return }
            let firstGrain = offset / G, lastGrain = (end - 1) / G
            // New grains this layer will own: at most one per grain touched that it lacks.
            let held = top.map.runs(in: firstGrain, lastGrain + 1).reduce(UInt64(0)) { $0 + ($1.kind == .data ? $1.count : 0) }
            try reserveSpace(h, (lastGrain + 1 - firstGrain - held) * G)
            var g = firstGrain
            while g <= lastGrain {
                let grainStart = g * G
                let fullEnd = end / G    // grains before this one are covered to their end
                // One grain and no commit after it: it may overwrite its own unflushed slot.
                let inPlace = !flushing && firstGrain == lastGrain
                if offset <= grainStart && g < fullEnd {
                    let at = Int(grainStart - offset), n = Int(fullEnd - g) * Int(G)
                    try top.write(grains: g, count: fullEnd - g, from: UnsafeRawBufferPointer(rebasing: bytes[at ..< at + n]),
                                  inPlace: inPlace)
                    g = fullEnd
                    continue
                }
                var grain = try h.readGrainHeld(g)
                let from = max(offset, grainStart), to = min(end, grainStart + G)
                grain.withUnsafeMutableBytes {
                    $0.baseAddress!.advanced(by: Int(from - grainStart)).copyMemory(from: bytes.baseAddress! + Int(from - offset), byteCount: Int(to - from))
                }
                try top.write(grain: g, grain, inPlace: inPlace)
                g += 1
            }
            if flushing { try top.commit() }
        }
    }

    /// Makes the disk's unflushed writes durable.
    public func flush(_ name: String) throws {
        try writing(name, grains: 0 ..< 0) { h in try h.top.commit() }
    }

    /// Maps a range of whole grains of the disk to generated content (a lab's guest image):
    /// it counts as allocated and costs no host space.
    public func fillSynthetic(_ name: String, fromGrain first: UInt64, count: UInt64, seed: UInt64) throws {
        let (end, overflow) = first.addingReportingOverflow(count)
        try writing(name, grains: first ..< (overflow ? first : end)) { h in
            let top = h.top
            guard count > 0 else { return }
            guard !overflow, end <= top.grainCount else {
                let endBytes = overflow || end > UInt64.max / Self.grainSize ? UInt64.max : end * Self.grainSize
                throw Failure.outOfRange(disk: name, end: endBytes, size: top.superblock.virtualSize)
            }
            // Grains the layer owns already (data or synthetic) need no more space.
            let held = top.map.runs(in: first, end).reduce(UInt64(0)) { $0 + ($1.kind == .zero ? 0 : $1.count) }
            try reserveSpace(h, (count - held) * Self.grainSize)
            let origin = Superblock.Origin(seed: seed, disk: top.superblock.layerID)
            var index = top.origins.firstIndex(of: origin)
            if index == nil {
                guard top.origins.count < Superblock.maxOrigins else { throw Failure.tooManyOrigins(top.superblock.layerID) }
                top.addOrigin(origin)
                index = top.origins.count - 1
            }
            try top.set(Run(first: first, count: count, kind: .synthetic, value: UInt64(index!)))
            try top.commit()
        }
    }

    public func read(_ name: String, at offset: UInt64, count: Int) throws -> [UInt8] {
        try handle(name).read(at: offset, count: count)
    }

    public func read(_ name: String, at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws {
        try handle(name).read(at: offset, into: buffer)
    }

    /// Runs a change of the disk's top layer: `structure` shared, the disk's lock
    /// exclusively. On failure the layer goes back to where it was before this change (the
    /// writes before it that wait for a flush stay); either way the space it gained or lost
    /// is booked, and what it reserved released.
    private func writing(_ name: String, grains: Range<UInt64>, _ body: (DiskHandle) throws -> Void) throws {
        let done = try structure.reading { () throws -> Bool in
            guard let h = handles[name] else { return false }
            try h.lock.writing {
                if h.deleted { throw Failure.noSuchDisk(name) }
                let before = Self.owned(h.top), saved = h.top.checkpoint(grains.lowerBound, grains.upperBound)
                defer { account(h, Int64(Self.owned(h.top)) - Int64(before)) }
                do { try body(h) } catch { h.top.restore(saved); throw error }
            }
            return true
        }
        guard !done else { return }
        // No handle: opening could not make one. Making it now throws why (or the disk is new).
        _ = try handle(name)
        try writing(name, grains: grains, body)
    }

    /// Bytes a layer owns (its data and synthetic grains, hidden or not).
    static func owned(_ l: LayerFile) -> UInt64 {
        let c = l.map.grainCounts
        return (c.data + c.synthetic) * grainSize
    }

    /// Holds `needed` more bytes for the change under way, or throws out-of-space: a thick
    /// disk writing its base layer takes them from its reservation first (its snapshots'
    /// deltas are sparse, as vSphere's: they take free space); writers of other disks see
    /// the rest as taken until `account` books what was really used.
    private func reserveSpace(_ h: DiskHandle, _ needed: UInt64) throws {
        try spaceLock.holding {
            let fromFree = needed - min(needed, h.writesBase ? h.reservedLeft : 0)
            let free = space.free > inFlight ? space.free - inFlight : 0
            guard fromFree <= free else { throw Failure.outOfSpace(needed: needed, free: free) }
            inFlight += fromFree
            h.reserved = fromFree
        }
    }

    /// Books `delta` bytes owned by the disk's top: allocated, and out of its reservation;
    /// releases what the change held.
    private func account(_ h: DiskHandle, _ delta: Int64) {
        spaceLock.holding {
            inFlight -= h.reserved
            h.reserved = 0
            guard delta != 0 else { return }
            space.allocated = UInt64(Int64(space.allocated) + delta)
            if h.provisioning != .thin && h.writesBase {
                let before = h.reservedLeft
                h.written = UInt64(Int64(h.written) + delta)
                h.reservedLeft = h.reservation > h.written ? h.reservation - h.written : 0
                space.reserved = space.reserved - before + h.reservedLeft
            }
            let used = space.allocated + space.reserved
            space.free = space.capacity > used ? space.capacity - used : 0
        }
    }

    /// The space as the layers' maps say (`structure` held exclusively).
    func countSpace() -> Usage {
        let allocated = current.layers.keys.reduce(UInt64(0)) { $0 + ownedBytes($1) }
        let reserved = current.disks.values.reduce(UInt64(0)) { $0 + reservationLeft($1) }
        let used = allocated + reserved
        return Usage(capacity: current.capacity, allocated: allocated, reserved: reserved,
                     free: current.capacity > used ? current.capacity - used : 0)
    }

    /// Recounts the space and the thick disks' reservations (`structure` held exclusively).
    func recountSpace() {
        let counted = countSpace()
        spaceLock.holding {
            space = counted
            for (name, h) in handles {
                guard let d = current.disks[name], d.provisioning != .thin else { continue }
                h.reservation = d.reserved
                h.written = baseLayer(d).map(ownedBytes) ?? 0
                h.reservedLeft = reservationLeft(d)
            }
        }
    }
}
