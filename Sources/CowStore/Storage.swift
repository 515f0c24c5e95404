import Foundation

/// The file operations CowStore uses, so that tests can put a model of a disk with a
/// page cache underneath (MemoryStorage) and fail or "crash" at any write or sync.
/// Paths are relative to the datastore directory and built by CowStore only.
public protocol Storage: AnyObject {
    func read(_ path: String, at offset: UInt64, count: Int) throws -> [UInt8]
    func write(_ path: String, at offset: UInt64, _ bytes: [UInt8]) throws
    /// Makes what was written to `path` durable (fdatasync).
    func sync(_ path: String) throws
    func size(_ path: String) throws -> UInt64
    func exists(_ path: String) -> Bool
    func remove(_ path: String) throws
    /// The files there are.
    func list() throws -> [String]
}

public enum StorageError: Error, Equatable {
    case notFound(String)
    case io(String, Int32)
    /// FaultyStorage's injected failure at a write or sync point.
    case injected(point: Int)
    /// FaultyStorage's "crash": the process stops at this point.
    case crashed(point: Int)
}

/// Files on the host, under one directory.
public final class DiskStorage: Storage {
    public let root: String

    public init(root: String) throws {
        self.root = root
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    private func full(_ path: String) -> String { root + "/" + path }

    private func withDescriptor<R>(_ path: String, create: Bool, _ body: (Int32) throws -> R) throws -> R {
        let fd = open(full(path), create ? (O_RDWR | O_CREAT) : O_RDWR, 0o644)
        guard fd >= 0 else { throw errno == ENOENT ? StorageError.notFound(path) : StorageError.io(path, errno) }
        defer { close(fd) }
        return try body(fd)
    }

    public func read(_ path: String, at offset: UInt64, count: Int) throws -> [UInt8] {
        try withDescriptor(path, create: false) { fd in
            var out = [UInt8](repeating: 0, count: count)
            var done = 0
            while done < count {
                let n = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset) + off_t(done)) }
                if n < 0 { throw StorageError.io(path, errno) }
                if n == 0 { break }    // past the end: zeros, as a sparse file reads
                done += n
            }
            return out
        }
    }

    public func write(_ path: String, at offset: UInt64, _ bytes: [UInt8]) throws {
        try withDescriptor(path, create: true) { fd in
            var done = 0
            while done < bytes.count {
                let n = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done)) }
                if n < 0 { throw StorageError.io(path, errno) }
                done += n
            }
        }
    }

    public func sync(_ path: String) throws {
        try withDescriptor(path, create: false) { fd in
            if fdatasync(fd) != 0 { throw StorageError.io(path, errno) }
        }
    }

    public func size(_ path: String) throws -> UInt64 {
        var st = stat()
        guard stat(full(path), &st) == 0 else { throw StorageError.notFound(path) }
        return UInt64(st.st_size)
    }

    public func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: full(path)) }

    public func list() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: root).sorted() }

    public func remove(_ path: String) throws {
        if unlink(full(path)) != 0 && errno != ENOENT { throw StorageError.io(path, errno) }
    }
}

/// Files in memory, with what a crash keeps: each file's durable bytes (as of its last
/// sync) and the writes since, in order. A power loss may keep any of those writes and
/// lose the others (a page cache writes back in no promised order): `crashImage(keeping:)`
/// is the disk a restart finds for one such choice.
public final class MemoryStorage: Storage {
    struct File {
        var durable: [UInt8] = []
        var current: [UInt8] = []
        var unsynced: [(offset: UInt64, bytes: [UInt8])] = []
    }
    private(set) var files: [String: File] = [:]

    public init() {}

    public func read(_ path: String, at offset: UInt64, count: Int) throws -> [UInt8] {
        guard let f = files[path] else { throw StorageError.notFound(path) }
        var out = [UInt8](repeating: 0, count: count)
        let start = Int(offset)
        if start < f.current.count {
            let n = min(count, f.current.count - start)
            out.replaceSubrange(0..<n, with: f.current[start..<start + n])
        }
        return out
    }

    public func write(_ path: String, at offset: UInt64, _ bytes: [UInt8]) throws {
        var f = files[path] ?? File()
        let end = Int(offset) + bytes.count
        if f.current.count < end { f.current += [UInt8](repeating: 0, count: end - f.current.count) }
        f.current.replaceSubrange(Int(offset)..<end, with: bytes)
        f.unsynced.append((offset, bytes))
        files[path] = f
    }

    public func sync(_ path: String) throws {
        guard var f = files[path] else { throw StorageError.notFound(path) }
        f.durable = f.current
        f.unsynced = []
        files[path] = f
    }

    public func size(_ path: String) throws -> UInt64 {
        guard let f = files[path] else { throw StorageError.notFound(path) }
        return UInt64(f.current.count)
    }

    public func exists(_ path: String) -> Bool { files[path] != nil }

    public func remove(_ path: String) throws { files[path] = nil }

    public func list() throws -> [String] { files.keys.sorted() }

    /// The writes not yet synced, over all files (path order, then write order).
    public var unsyncedWrites: Int { files.values.reduce(0) { $0 + $1.unsynced.count } }

    /// The storage a restart finds after a crash now, keeping the unsynced writes for which
    /// `keep(n)` is true (n numbers them as `unsyncedWrites` counts) and losing the rest.
    public func crashImage(keeping keep: (Int) -> Bool) -> MemoryStorage {
        let image = MemoryStorage()
        var n = 0
        for path in files.keys.sorted() {
            let f = files[path]!
            var bytes = f.durable
            for w in f.unsynced {
                defer { n += 1 }
                guard keep(n) else { continue }
                let end = Int(w.offset) + w.bytes.count
                if bytes.count < end { bytes += [UInt8](repeating: 0, count: end - bytes.count) }
                bytes.replaceSubrange(Int(w.offset)..<end, with: w.bytes)
            }
            image.files[path] = File(durable: bytes, current: bytes)
        }
        return image
    }

    public func crashImage(keepingUnsynced: Bool) -> MemoryStorage { crashImage { _ in keepingUnsynced } }
}

/// Counts the write and sync points of the storage under it and, at point `failAt`, fails
/// the operation (`.injected`) or stops the "process" (`.crashed`: this and every later
/// operation throws, nothing more reaches the storage).
public final class FaultyStorage: Storage {
    public enum Mode { case fail, crash }
    public let base: Storage
    public let failAt: Int?
    public let mode: Mode
    public private(set) var points = 0
    private var crashed = false

    public init(_ base: Storage, failAt: Int? = nil, mode: Mode = .crash) {
        self.base = base
        self.failAt = failAt
        self.mode = mode
    }

    private func point() throws {
        if crashed { throw StorageError.crashed(point: points) }
        defer { points += 1 }
        guard points == failAt else { return }
        if mode == .crash { crashed = true; throw StorageError.crashed(point: points) }
        throw StorageError.injected(point: points)
    }

    public func read(_ path: String, at offset: UInt64, count: Int) throws -> [UInt8] {
        if crashed { throw StorageError.crashed(point: points) }
        return try base.read(path, at: offset, count: count)
    }

    public func write(_ path: String, at offset: UInt64, _ bytes: [UInt8]) throws {
        try point()
        try base.write(path, at: offset, bytes)
    }

    public func sync(_ path: String) throws {
        try point()
        try base.sync(path)
    }

    public func size(_ path: String) throws -> UInt64 { try base.size(path) }
    public func exists(_ path: String) -> Bool { base.exists(path) }
    public func list() throws -> [String] { try base.list() }

    public func remove(_ path: String) throws {
        try point()
        try base.remove(path)
    }
}
