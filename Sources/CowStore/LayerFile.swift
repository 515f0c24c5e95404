/// One layer file (FORMAT.md, "A layer file"): its committed state as the current
/// superblock describes it, and the working map that writes change until `commit()`
/// makes it the committed one (copy on write, superblock last).
public final class LayerFile {
    public static let grainSize = 4096

    public let storage: Storage
    public let path: String
    /// The committed state.
    public private(set) var superblock: Superblock
    private var committedMap: RunMap
    /// The committed map plus the writes since.
    public private(set) var map: RunMap
    /// Slots free in the committed state and not written since (ranges, sorted).
    private var free: [Range<UInt64>] = []
    private var slotCount: UInt64
    private var dirty = false
    private var pendingOrigins: [Superblock.Origin] = []
    /// The file's reader, set before the map first reaches a data slot (at open, or by the
    /// first write), so that readers never set it.
    private var reader: StorageReader?
    /// Set by a commit that failed after writing its superblock (see `needsReopen`).
    private var poisoned = false

    public enum Failure: Error, Equatable {
        case noValidSuperblock(String)
        case mapChecksum(String)
        case badMap(String, MapPages.Failure)
        case frozen(String)
        case grainOutOfRange(UInt64)
        case wrongGrainSize(Int)
        /// A commit failed after its superblock was written: which superblock the file
        /// holds is unknown until it is opened again, so the layer takes no more changes.
        case needsReopen(String)
        /// Checksums hold but the numbers cannot be (a file made by something else).
        case damaged(String, String)
    }

    /// The largest layer: 64 PiB, so that grain, slot and byte arithmetic never nears overflow.
    public static let maximumSize: UInt64 = 1 << 56

    private init(storage: Storage, path: String, superblock: Superblock, map: RunMap) {
        self.storage = storage
        self.path = path
        self.superblock = superblock
        self.committedMap = map
        self.map = map
        self.slotCount = superblock.slotCount
        self.free = Self.freeSlots(map, superblock)
        self.onDisk = true
    }

    /// Whether the file and its name are durable. A new layer has no file until its first
    /// commit (a linked clone costs no host bytes), and a missing file reads as that empty
    /// layer.
    public private(set) var onDisk: Bool

    /// A new, empty layer (generation 1). Nothing is written: the first commit makes the file.
    public static func create(_ storage: Storage, path: String, superblock: Superblock) -> LayerFile {
        var s = superblock
        s.generation = 1
        s.slotCount = 1
        s.mapFirstSlot = 0
        s.mapPageCount = 0
        s.mapChecksum = 0
        let l = LayerFile(storage: storage, path: path, superblock: s, map: RunMap())
        l.onDisk = false
        return l
    }

    /// The layer as its current superblock describes it. With `empty`, a file that is
    /// missing, or that no commit finished (no valid superblock, slot A never written: the
    /// first commit writes slot B), is that new layer.
    public static func open(_ storage: Storage, path: String, empty: Superblock? = nil) throws -> LayerFile {
        if let empty, !storage.exists(path) { return create(storage, path: path, superblock: empty) }
        let slots = try storage.read(path, at: 0, count: 2 * Superblock.size)
        let a = Superblock.decode(Array(slots[0..<Superblock.size]))
        let b = Superblock.decode(Array(slots[Superblock.size...]))
        guard let s = [a, b].compactMap({ $0 }).max(by: { $0.generation < $1.generation }) else {
            if let empty, slots[0..<Superblock.size].allSatisfy({ $0 == 0 }) { return create(storage, path: path, superblock: empty) }
            throw Failure.noValidSuperblock(path)
        }
        try validate(s, path)
        let map = try readMap(storage, path, s)
        try validate(map, s, path)
        let l = LayerFile(storage: storage, path: path, superblock: s, map: map)
        l.reader = try storage.reader(path)
        return l
    }

    /// A superblock whose checksum holds may still say what no layer can: refused before
    /// any of its numbers is used in arithmetic.
    static func validate(_ s: Superblock, _ path: String) throws {
        let maxSlots: UInt64 = 1 << 50
        guard s.virtualSize <= maximumSize else { throw Failure.damaged(path, "virtual size \(s.virtualSize)") }
        guard s.slotCount >= 1, s.slotCount <= maxSlots else { throw Failure.damaged(path, "\(s.slotCount) slots") }
        guard s.mapFirstSlot <= maxSlots, s.mapFirstSlot + UInt64(s.mapPageCount) <= s.slotCount else {
            throw Failure.damaged(path, "map pages \(s.mapFirstSlot)+\(s.mapPageCount) past \(s.slotCount) slots")
        }
    }

    /// Runs that reach past the disk, past the file, or to an origin the layer lacks.
    static func validate(_ map: RunMap, _ s: Superblock, _ path: String) throws {
        let grains = (s.virtualSize + UInt64(grainSize) - 1) / UInt64(grainSize)
        for r in map.runs {
            guard r.end <= grains else { throw Failure.damaged(path, "a run at grain \(r.first) past the disk's \(grains) grains") }
            switch r.kind {
            case .data:
                guard r.value <= s.slotCount, r.count <= s.slotCount - r.value else {
                    throw Failure.damaged(path, "grains \(r.first)... in slots past the file's \(s.slotCount)")
                }
            case .synthetic:
                guard r.value < UInt64(s.origins.count) else { throw Failure.damaged(path, "synthetic origin \(r.value)") }
            case .zero: break
            }
        }
    }

    static func readMap(_ storage: Storage, _ path: String, _ s: Superblock) throws -> RunMap {
        guard s.mapPageCount > 0 else { return RunMap() }
        let bytes = try storage.read(path, at: s.mapFirstSlot * UInt64(grainSize), count: Int(s.mapPageCount) * grainSize)
        guard CRC32C.checksum(bytes) == s.mapChecksum else { throw Failure.mapChecksum(path) }
        do { return try MapPages.decode(bytes) } catch let f as MapPages.Failure { throw Failure.badMap(path, f) }
    }

    /// Slots below `slotCount` that neither the map's data nor its pages occupy.
    static func freeSlots(_ map: RunMap, _ s: Superblock) -> [Range<UInt64>] {
        var used: [Range<UInt64>] = map.runs.filter { $0.kind == .data }.map { $0.value ..< $0.value + $0.count }
        if s.mapPageCount > 0 { used.append(s.mapFirstSlot ..< s.mapFirstSlot + UInt64(s.mapPageCount)) }
        used.sort { $0.lowerBound < $1.lowerBound }
        var out: [Range<UInt64>] = []
        var next: UInt64 = 1
        for u in used {
            if u.lowerBound > next { out.append(next ..< min(u.lowerBound, s.slotCount)) }
            next = max(next, u.upperBound)
        }
        if next < s.slotCount { out.append(next ..< s.slotCount) }
        return out.filter { !$0.isEmpty }
    }

    /// Up to `count` consecutive slots: from the first free range, else at the file's end.
    private func takeSlots(upTo count: UInt64) -> Range<UInt64> {
        if !free.isEmpty {
            let start = free[0].lowerBound, n = min(count, UInt64(free[0].count))
            free[0] = (start + n) ..< free[0].upperBound
            if free[0].isEmpty { free.removeFirst() }
            return start ..< start + n
        }
        defer { slotCount += count }
        return slotCount ..< slotCount + count
    }

    /// `count` consecutive slots: the first free range that holds them, else the file's end.
    private func takeSlots(_ count: UInt64) -> UInt64 {
        if let i = free.firstIndex(where: { UInt64($0.count) >= count }) {
            let start = free[i].lowerBound
            free[i] = (start + count) ..< free[i].upperBound
            if free[i].isEmpty { free.remove(at: i) }
            return start
        }
        defer { slotCount += count }
        return slotCount
    }

    public var grainCount: UInt64 { (superblock.virtualSize + UInt64(Self.grainSize) - 1) / UInt64(Self.grainSize) }

    private func checkWritable(_ grain: UInt64, _ count: UInt64 = 1) throws {
        if poisoned { throw Failure.needsReopen(path) }
        if superblock.frozen { throw Failure.frozen(path) }
        if grain.addingReportingOverflow(count).overflow || grain + count > grainCount { throw Failure.grainOutOfRange(grain + count) }
    }

    /// Writes one grain's bytes into a fresh slot (never one the committed state uses).
    public func write(grain: UInt64, _ bytes: [UInt8], inPlace: Bool = false) throws {
        guard bytes.count == Self.grainSize else { throw Failure.wrongGrainSize(bytes.count) }
        try bytes.withUnsafeBytes { try write(grains: grain, count: 1, from: $0, inPlace: inPlace) }
    }

    /// Writes whole grains from `buffer` (`count` grains' bytes) into slots the committed
    /// state does not use, consecutive where the free space allows. With `inPlace`, one
    /// grain written since the last commit is overwritten where it is (rewriting it then
    /// costs no space): only for a change that nothing can fail after, since the old bytes
    /// are gone.
    public func write(grains first: UInt64, count: UInt64, from buffer: UnsafeRawBufferPointer, inPlace: Bool = false) throws {
        guard buffer.count == Int(count) * Self.grainSize else { throw Failure.wrongGrainSize(buffer.count) }
        try checkWritable(first, count)
        if inPlace, count == 1, case .data(let slot) = map.content(of: first), committedMap.content(of: first) != .data(slot: slot) {
            try storage.write(path, at: slot * UInt64(Self.grainSize), from: buffer)
            return
        }
        var done: UInt64 = 0
        while done < count {
            let slots = takeSlots(upTo: count - done)
            let n = UInt64(slots.count), at = Int(done) * Self.grainSize
            try storage.write(path, at: slots.lowerBound * UInt64(Self.grainSize),
                              from: UnsafeRawBufferPointer(rebasing: buffer[at ..< at + Int(n) * Self.grainSize]))
            if reader == nil { reader = try storage.reader(path) }
            map.set(Run(first: first + done, count: n, kind: .data, value: slots.lowerBound))
            done += n
        }
        dirty = true
    }

    /// Writes whole grains over the slots the layer maps them to already, fresh slots for
    /// the others. Only for a merge's target: no one reads it alone any more, and a merge
    /// a crash interrupted is done again from the start, rewriting the same bytes. (Into
    /// pages the host has already, this is several times faster than growing the file.)
    func overwrite(grains first: UInt64, count: UInt64, from buffer: UnsafeRawBufferPointer) throws {
        try checkWritable(first, count)
        let G = UInt64(Self.grainSize)
        func part(_ a: UInt64, _ b: UInt64) -> UnsafeRawBufferPointer {
            UnsafeRawBufferPointer(rebasing: buffer[Int((a - first) * G) ..< Int((b - first) * G)])
        }
        var at = first
        for r in map.runs(in: first, first + count) where r.kind == .data {
            if r.first > at { try write(grains: at, count: r.first - at, from: part(at, r.first)) }
            try storage.write(path, at: r.value * G, from: part(r.first, r.end))
            at = r.end
        }
        if at < first + count { try write(grains: at, count: first + count - at, from: part(at, first + count)) }
        dirty = true    // the commit syncs what was overwritten
    }

    /// Copies `count` grains from `source`'s slots starting at `slot` (a run of its map)
    /// to grains `first...` of this layer, a megabyte at a time; `inPlace` overwrites.
    func copy(grains first: UInt64, count: UInt64, fromSlot slot: UInt64, of source: LayerFile, inPlace: Bool = false) throws {
        let chunk: UInt64 = 256
        var buffer = [UInt8](repeating: 0, count: Int(min(count, chunk)) * Self.grainSize)
        var done: UInt64 = 0
        while done < count {
            let n = min(chunk, count - done)
            try buffer.withUnsafeMutableBytes { b in
                let part = UnsafeMutableRawBufferPointer(rebasing: b[0 ..< Int(n) * Self.grainSize])
                try source.readBytes(at: (slot + done) * UInt64(Self.grainSize), into: part)
                if inPlace {
                    try overwrite(grains: first + done, count: n, from: UnsafeRawBufferPointer(part))
                } else {
                    try write(grains: first + done, count: n, from: UnsafeRawBufferPointer(part))
                }
            }
            done += n
        }
    }

    /// Maps grains to zeros or to a synthetic origin (no bytes written).
    public func set(_ run: Run) throws {
        precondition(run.kind != .data, "data goes through write(grain:)")
        try checkWritable(run.first, run.count)
        map.set(run)
        dirty = true
    }

    /// Makes grains absent again (the parent shows through).
    public func discard(_ first: UInt64, count: UInt64) throws {
        try checkWritable(first, count)
        map.remove(first, first + count)
        dirty = true
    }

    /// The bytes of a data slot.
    public func readSlot(_ slot: UInt64) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Self.grainSize)
        try out.withUnsafeMutableBytes { try readBytes(at: slot * UInt64(Self.grainSize), into: $0) }
        return out
    }

    /// Bytes of the file, through its reader (no lock of the storage's).
    func readBytes(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws {
        if let reader { try reader.read(at: offset, into: buffer) } else { try storage.read(path, at: offset, into: buffer) }
    }

    /// Commits the working map: its pages into fresh slots, sync, the other superblock
    /// slot with the next generation, sync. On failure the layer is as it was committed.
    public func commit(frozen: Bool? = nil) throws {
        if poisoned { throw Failure.needsReopen(path) }
        guard dirty || (frozen != nil && frozen != superblock.frozen) else { return }
        let savedFree = free, savedSlotCount = slotCount
        let pages = MapPages.encode(map)
        var next = superblock
        next.generation += 1
        next.origins += pendingOrigins
        if let frozen { next.frozen = frozen }
        next.mapPageCount = UInt32(pages.count / Self.grainSize)
        next.mapFirstSlot = pages.isEmpty ? 0 : takeSlots(UInt64(next.mapPageCount))
        next.mapChecksum = pages.isEmpty ? 0 : CRC32C.checksum(pages)
        next.slotCount = slotCount
        do {
            if !pages.isEmpty { try storage.write(path, at: next.mapFirstSlot * UInt64(Self.grainSize), pages) }
            try storage.sync(path)
        } catch {
            // Nothing on disk reaches the new pages: the writes still wait, as they were.
            free = savedFree
            slotCount = savedSlotCount
            throw error
        }
        do {
            // The slot not holding the current superblock (generation 1 is in slot A).
            let slot = UInt64((next.generation + 1) % 2) * UInt64(Superblock.size)
            try storage.write(path, at: slot, next.encoded())
            try storage.sync(path)
            if !onDisk { try storage.syncDirectory() }
        } catch {
            // The new superblock may be on disk or not: reusing the slots either state
            // reaches could corrupt the other, so the layer stops here (reads go on from
            // the old state, whose slots nothing has overwritten).
            rollBack()
            poisoned = true
            throw error
        }
        superblock = next
        onDisk = true
        pendingOrigins = []
        committedMap = map
        slotCount = next.slotCount
        free = Self.freeSlots(map, next)
        dirty = false
    }

    /// Adds a synthetic origin (committed with the next commit).
    public func addOrigin(_ o: Superblock.Origin) {
        pendingOrigins.append(o)
        dirty = true
    }

    /// The origins, with those added since the last commit.
    public var origins: [Superblock.Origin] { superblock.origins + pendingOrigins }

    /// The working state of grains `first ..< end`, to go back to when a change of them
    /// fails halfway (the changes before it, not yet committed, are kept). Only that
    /// range's runs are kept: a copy of the whole map would make every write copy a chunk.
    struct Checkpoint {
        fileprivate let first: UInt64
        fileprivate let end: UInt64
        fileprivate let runs: [Run]
        fileprivate let pendingOrigins: [Superblock.Origin]
        fileprivate let dirty: Bool
    }

    func checkpoint(_ first: UInt64, _ end: UInt64) -> Checkpoint {
        Checkpoint(first: first, end: end, runs: map.runs(in: first, end), pendingOrigins: pendingOrigins, dirty: dirty)
    }

    /// Back to `saved`. Slots the failed change took stay out of use until the next commit
    /// (which frees what its map does not reach).
    func restore(_ saved: Checkpoint) {
        guard !poisoned else { return }
        map.remove(saved.first, saved.end)
        for r in saved.runs { map.set(r) }
        pendingOrigins = saved.pendingOrigins
        dirty = saved.dirty
    }

    /// Forgets the writes since the last commit.
    public func rollBack() {
        pendingOrigins = []
        map = committedMap
        slotCount = superblock.slotCount
        free = Self.freeSlots(map, superblock)
        dirty = false
    }

    /// What is wrong with the committed state, one line each (empty: nothing).
    public func check() -> [String] {
        var problems: [String] = []
        let s = superblock
        var used: [(Range<UInt64>, String)] = []
        if s.mapPageCount > 0 { used.append((s.mapFirstSlot ..< s.mapFirstSlot + UInt64(s.mapPageCount), "map pages")) }
        for r in committedMap.runs {
            if r.end > grainCount { problems.append("\(path): run at grain \(r.first) passes the end of the disk (\(grainCount) grains)") }
            if r.kind == .data { used.append((r.value ..< r.value + r.count, "grains \(r.first)..<\(r.end)")) }
            if r.kind == .synthetic && r.value >= UInt64(s.origins.count) {
                problems.append("\(path): grains \(r.first)..<\(r.end) name synthetic origin \(r.value), the layer has \(s.origins.count)")
            }
        }
        used.sort { $0.0.lowerBound < $1.0.lowerBound }
        for (i, u) in used.enumerated() {
            if u.0.lowerBound < 1 || u.0.upperBound > s.slotCount {
                problems.append("\(path): \(u.1) in slots \(u.0) outside the file's 1..<\(s.slotCount)")
            }
            if i > 0 && used[i - 1].0.upperBound > u.0.lowerBound {
                problems.append("\(path): \(u.1) and \(used[i - 1].1) share slots")
            }
        }
        if let size = try? storage.size(path), size < s.slotCount * UInt64(Self.grainSize), s.slotCount > 1 {
            problems.append("\(path): the file is \(size) bytes, its superblock says \(s.slotCount) slots")
        }
        return problems
    }
}
