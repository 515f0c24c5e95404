import Foundation

/// The file operations CowStore uses, so that tests can put a model of a disk with a
/// page cache underneath (MemoryStorage) and fail or "crash" at any write or sync.
/// Paths are relative to the datastore directory and built by CowStore only.
public protocol Storage: AnyObject {
    /// Fills `buffer` from `offset`; past the end of the file reads zeros (as a sparse file).
    func read(_ path: String, at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws
    /// Writes `buffer` at `offset`, creating the file when it is missing.
    func write(_ path: String, at offset: UInt64, from buffer: UnsafeRawBufferPointer) throws
    /// Makes what was written to `path` durable (fdatasync).
    func sync(_ path: String) throws
    /// Makes the files created since durable as names (fsync of the directory): until then
    /// a crash may lose a new file however often it was synced.
    func syncDirectory() throws
    func size(_ path: String) throws -> UInt64
    func exists(_ path: String) -> Bool
    func remove(_ path: String) throws
    /// The files there are.
    func list() throws -> [String]
    /// Replaces `to` by `from` in one step (rename(2)); durable with the next `syncDirectory`.
    func rename(_ from: String, to: String) throws
    /// A reader of the file (it exists) for the read path.
    func reader(_ path: String) throws -> StorageReader
}

/// Reads of one file through a handle its user keeps: no lookup by path, no lock of the
/// storage's (the read path of a disk stays free of shared locks).
public protocol StorageReader: AnyObject {
    func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws
}

/// The reader of storages without handles of their own: reads by path.
final class PathReader: StorageReader {
    let storage: Storage
    let path: String
    init(_ storage: Storage, _ path: String) {
        self.storage = storage
        self.path = path
    }
    func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws {
        try storage.read(path, at: offset, into: buffer)
    }
}

extension Storage {
    public func reader(_ path: String) throws -> StorageReader { PathReader(self, path) }

    public func read(_ path: String, at offset: UInt64, count: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        try out.withUnsafeMutableBytes { try read(path, at: offset, into: $0) }
        return out
    }

    public func write(_ path: String, at offset: UInt64, _ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write(path, at: offset, from: $0) }
    }
}

public enum StorageError: Error, Equatable {
    case notFound(String)
    case io(String, Int32)
    /// A path that is not a plain file name of the directory (DiskStorage refuses it).
    case badPath(String)
    /// FaultyStorage's injected failure at a write or sync point.
    case injected(point: Int)
    /// FaultyStorage's "crash": the process stops at this point.
    case crashed(point: Int)
}
