/// Space, exactly (FORMAT.md, "Space, exactly"), and what depends on what. What reads
/// layers' maps holds `structure` exclusively (no write is under way then).
extension Datastore {
    public struct Usage: Equatable, Sendable {
        public var capacity: UInt64
        /// Grains the layers own (data and synthetic), in bytes.
        public var allocated: UInt64
        /// Thick disks' reservations not yet written (a reservation covers the disk's base
        /// layer; snapshot deltas are sparse and take free space, as in vSphere).
        public var reserved: UInt64
        public var free: UInt64
    }

    /// One disk's space.
    public struct DiskUsage: Equatable, Sendable {
        /// The virtual size.
        public var provisioned: UInt64
        /// The grains the disk reads as allocated (data or synthetic), each once.
        public var allocated: UInt64
        /// Bytes owned by layers only this disk needs: what deleting it frees.
        public var unique: UInt64
        /// Bytes owned by layers this disk needs with other disks.
        public var shared: UInt64
        /// Its thick reservation not yet written.
        public var reserved: UInt64
    }

    /// Bytes a layer owns (`structure` held exclusively).
    func ownedBytes(_ id: UInt64) -> UInt64 { (try? layer(id)).map(Self.owned) ?? 0 }

    /// The layer a disk was created with, the bottom of its chain.
    func baseLayer(_ d: CatalogueState.Disk) -> UInt64? { current.chain(from: d.top).last }

    /// What is left of a thick disk's reservation: it covers the disk's base layer (its
    /// snapshots' deltas are sparse and take free space, as vSphere's do).
    func reservationLeft(_ d: CatalogueState.Disk) -> UInt64 {
        guard d.provisioning != .thin else { return 0 }
        let written = baseLayer(d).map(ownedBytes) ?? 0
        return d.reserved > written ? d.reserved - written : 0
    }

    /// The datastore's space, as every operation keeps it.
    public func usage() -> Usage { spaceLock.holding { space } }

    /// One layer's space: the grains it owns and the bytes of its file.
    public struct LayerUsage: Equatable, Sendable {
        /// Data and synthetic grains, in bytes (hidden by layers above or not).
        public var owned: UInt64
        /// The file's length (0 while the layer has no file).
        public var fileBytes: UInt64
    }

    public func usage(ofLayer id: UInt64) throws -> LayerUsage {
        try structure.writing {
            let l = try layer(id)
            return LayerUsage(owned: Self.owned(l), fileBytes: l.onDisk ? (try? storage.size(l.path)) ?? 0 : 0)
        }
    }

    /// Every layer the disk needs: its top's chain, then its snapshots' layers and their
    /// chains (after a revert a later snapshot may sit on another branch).
    public func layers(ofDisk name: String) throws -> [UInt64] { try structure.reading { try neededLayers(name) } }

    func neededLayers(_ name: String) throws -> [UInt64] {
        let d = try disk(name)
        var out = current.chain(from: d.top)
        var seen = Set(out)
        for s in d.snapshots.sorted() {
            for id in current.chain(from: s) where seen.insert(id).inserted { out.append(id) }
        }
        return out
    }

    /// The disks that need the layer, by name.
    public func disks(dependingOn layer: UInt64) -> [String] {
        structure.reading { current.disks.keys.sorted().filter { (try? neededLayers($0).contains(layer)) == true } }
    }

    /// How many disks need each layer.
    func neededBy() -> [UInt64: Int] {
        var needed: [UInt64: Int] = [:]
        for name in current.disks.keys {
            for id in (try? neededLayers(name)) ?? [] { needed[id, default: 0] += 1 }
        }
        return needed
    }

    public func usage(ofDisk name: String) throws -> DiskUsage { try structure.writing { try usage(ofDisk: name, neededBy()) } }

    func usage(ofDisk name: String, _ needed: [UInt64: Int]) throws -> DiskUsage {
        let d = try disk(name)
        var u = DiskUsage(provisioned: current.layers[d.top]?.virtualSize ?? 0, allocated: 0, unique: 0, shared: 0, reserved: 0)
        let view = ChainView(try current.chain(from: d.top).map { try layer($0) })
        u.allocated = view.pieces.reduce(UInt64(0)) { $0 + ($1.kind == .zero ? 0 : $1.count) } * Self.grainSize
        for id in try neededLayers(name) {
            if needed[id] == 1 { u.unique += ownedBytes(id) } else { u.shared += ownedBytes(id) }
        }
        u.reserved = reservationLeft(d)
        return u
    }

    /// A stretch of a disk as its chain shows it: the layer serving it (0: none, zeros).
    public struct ServedRun: Equatable, Sendable {
        public var first: UInt64
        public var count: UInt64
        public var layer: UInt64
        public var kind: Run.Kind

        public init(first: UInt64, count: UInt64, layer: UInt64, kind: Run.Kind) {
            self.first = first
            self.count = count
            self.layer = layer
            self.kind = kind
        }
    }

    /// Which layer serves which grains of the chain from `top`, covering the whole disk.
    public func servedRuns(from top: UInt64) throws -> [ServedRun] {
        try structure.writing {
            guard let info = current.layers[top] else { throw Failure.noSuchLayer(top) }
            return try Self.servedRuns(try layer(top), below: info.parent == 0 ? nil : try view(info.parent))
        }
    }

    /// Which grains a layer file serves on its own (the gaps: zeros, layer 0).
    public static func servedRuns(of layer: LayerFile) -> [ServedRun] { (try? servedRuns(layer, below: nil)) ?? [] }

    private static func servedRuns(_ top: LayerFile, below: ChainView?) throws -> [ServedRun] {
        var out: [ServedRun] = []
        try DiskHandle.forEachSource(top, below, 0, top.grainCount) { s in
            out.append(ServedRun(first: s.first, count: s.count, layer: s.layer.map { $0.superblock.layerID } ?? 0, kind: s.kind))
        }
        return out
    }

    /// What `check()` says of the accounting: every layer is needed by some disk, and the
    /// disks' unique bytes plus the shared layers' bytes are the layers' `allocated` bytes.
    func accountingProblems(allocated: UInt64) -> [String] {
        let needed = neededBy()
        var problems = current.layers.keys.sorted().filter { needed[$0] == nil }.map { "layer \($0): no disk needs it" }
        let unique = current.disks.keys.reduce(UInt64(0)) { $0 + ((try? usage(ofDisk: $1, needed).unique) ?? 0) }
        let shared = needed.filter { $0.value > 1 }.keys.reduce(UInt64(0)) { $0 + ownedBytes($1) }
        if unique + shared != allocated {
            problems.append("accounting: the layers own \(allocated) bytes, the disks' unique and shared bytes make \(unique + shared)")
        }
        return problems
    }
}
