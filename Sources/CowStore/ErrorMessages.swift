/// What each failure says to a person (the CLI prints these; a simulated vCenter turns
/// them into its faults).
extension StorageError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .notFound(let path): return "\(path): no such file"
        case .io(let path, let code): return "\(path): input/output error (errno \(code))"
        case .badPath(let path): return "'\(path)' is not a file name of the datastore's directory"
        case .injected(let point): return "injected failure at point \(point)"
        case .crashed(let point): return "injected crash at point \(point)"
        }
    }
}

extension Datastore.Failure: CustomStringConvertible {
    public var description: String {
        switch self {
        case .diskExists(let name): return "a disk named '\(name)' exists already"
        case .noSuchDisk(let name): return "no disk named '\(name)'"
        case .noSuchLayer(let id): return "no layer \(id)"
        case .notFrozen(let id): return "layer \(id) is not frozen (clones are made of snapshots)"
        case .outOfRange(let disk, let end, let size): return "disk '\(disk)': bytes up to \(end) asked of a disk of \(size) bytes"
        case .outOfSpace(let needed, let free): return "insufficient disk space on datastore: \(needed) bytes needed, \(free) free"
        case .badSize(let size): return "\(size) bytes is not a disk size (1 byte to \(Datastore.maximumDiskSize))"
        case .noSuchSnapshot(let disk, let layer): return "disk '\(disk)' has no snapshot on layer \(layer)"
        case .tooManyOrigins(let id): return "layer \(id) holds \(Superblock.maxOrigins) synthetic origins already"
        case .mergeUnfinished: return "a consolidation did not finish; open the datastore again to finish it"
        case .needsReopen: return "a commit's sync failed, so whether it counts is unknown; open the datastore again"
        case .datastoreExists: return "a datastore exists there already"
        case .badCount(let n): return "\(n) is not a byte count"
        }
    }
}

extension LayerFile.Failure: CustomStringConvertible {
    public var description: String {
        switch self {
        case .noValidSuperblock(let path): return "\(path): not a layer file, or both superblocks are damaged"
        case .mapChecksum(let path): return "\(path): the map's checksum does not hold"
        case .badMap(let path, let f): return "\(path): damaged map (\(f))"
        case .frozen(let path): return "\(path): the layer is frozen"
        case .grainOutOfRange(let end): return "grains up to \(end) are past the end of the layer"
        case .wrongGrainSize(let n): return "\(n) bytes is not a whole number of grains"
        case .needsReopen(let path): return "\(path): a commit failed after its superblock was written; open the datastore again"
        case .damaged(let path, let what): return "\(path): damaged layer file (\(what))"
        }
    }
}

extension Catalogue.Failure: CustomStringConvertible {
    public var description: String {
        switch self {
        case .notACatalogue: return "not a CowStore catalogue"
        case .damagedHeader: return "the catalogue's header is damaged"
        }
    }
}

extension MapPages.Failure: CustomStringConvertible {
    public var description: String {
        switch self {
        case .notWholePages(let n): return "\(n) bytes is not whole map pages"
        case .badMagic(let page): return "page \(page) is not a map page"
        case .badChecksum(let page): return "page \(page) fails its checksum"
        case .wrongPageNumber(let page, let found): return "page \(page) says it is page \(found)"
        case .badRecord(let page, let record): return "page \(page), run \(record) is not a run"
        case .runsOutOfOrder(let page, let record): return "page \(page), run \(record) is out of order"
        }
    }
}
