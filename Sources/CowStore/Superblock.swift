/// A layer file's superblock (FORMAT.md, "A layer file"): 512 bytes, kept twice (slots at
/// offsets 0 and 512); the valid one with the higher generation is current.
public struct Superblock: Equatable, Sendable {
    public static let size = 512
    static let magic: [UInt8] = Array("VSHLAYR1".utf8)
    static let version: UInt32 = 1
    public static let grainShift: UInt8 = 12
    public static let maxOrigins = 8

    public struct Origin: Hashable, Sendable {
        public var seed: UInt64
        public var disk: UInt64
        public init(seed: UInt64, disk: UInt64) {
            self.seed = seed
            self.disk = disk
        }
    }

    public var frozen = false
    public var layerID: UInt64
    public var parentID: UInt64
    public var parentGeneration: UInt64
    public var virtualSize: UInt64
    public var generation: UInt64
    /// The map image: pages in slots `mapFirstSlot ..< mapFirstSlot + mapPageCount`.
    public var mapFirstSlot: UInt64 = 0
    public var mapPageCount: UInt32 = 0
    public var mapChecksum: UInt32 = 0
    /// The file's length in 4 KiB slots (slot 0 holds the superblocks).
    public var slotCount: UInt64 = 1
    public var origins: [Origin] = []

    public init(layerID: UInt64, parentID: UInt64, parentGeneration: UInt64, virtualSize: UInt64, generation: UInt64) {
        self.layerID = layerID
        self.parentID = parentID
        self.parentGeneration = parentGeneration
        self.virtualSize = virtualSize
        self.generation = generation
    }

    public func encoded() -> [UInt8] {
        var b = [UInt8](repeating: 0, count: Self.size)
        b.replaceSubrange(0..<8, with: Self.magic)
        MapPages.put(Self.version, into: &b, at: 8)
        b[12] = Self.grainShift
        b[13] = frozen ? 1 : 0
        MapPages.put(layerID, into: &b, at: 16)
        MapPages.put(parentID, into: &b, at: 24)
        MapPages.put(parentGeneration, into: &b, at: 32)
        MapPages.put(virtualSize, into: &b, at: 40)
        MapPages.put(generation, into: &b, at: 48)
        MapPages.put(mapFirstSlot, into: &b, at: 56)
        MapPages.put(mapPageCount, into: &b, at: 64)
        MapPages.put(mapChecksum, into: &b, at: 68)
        MapPages.put(slotCount, into: &b, at: 72)
        MapPages.put(UInt32(origins.count), into: &b, at: 80)
        for (i, o) in origins.prefix(Self.maxOrigins).enumerated() {
            MapPages.put(o.seed, into: &b, at: 88 + i * 16)
            MapPages.put(o.disk, into: &b, at: 96 + i * 16)
        }
        MapPages.put(CRC32C.checksum(b[0..<508]), into: &b, at: 508)
        return b
    }

    /// The superblock in `bytes`, or nil when the slot is empty, torn or not one.
    public static func decode(_ bytes: [UInt8]) -> Superblock? {
        guard bytes.count == size, Array(bytes[0..<8]) == magic,
              MapPages.get32(bytes, 508) == CRC32C.checksum(bytes[0..<508]),
              MapPages.get32(bytes, 8) == version, bytes[12] == grainShift else { return nil }
        var s = Superblock(layerID: MapPages.get64(bytes, 16), parentID: MapPages.get64(bytes, 24),
                           parentGeneration: MapPages.get64(bytes, 32), virtualSize: MapPages.get64(bytes, 40),
                           generation: MapPages.get64(bytes, 48))
        s.frozen = bytes[13] & 1 != 0
        s.mapFirstSlot = MapPages.get64(bytes, 56)
        s.mapPageCount = MapPages.get32(bytes, 64)
        s.mapChecksum = MapPages.get32(bytes, 68)
        s.slotCount = MapPages.get64(bytes, 72)
        let count = Int(MapPages.get32(bytes, 80))
        guard count <= maxOrigins else { return nil }
        s.origins = (0..<count).map { Origin(seed: MapPages.get64(bytes, 88 + $0 * 16), disk: MapPages.get64(bytes, 96 + $0 * 16)) }
        return s
    }
}
