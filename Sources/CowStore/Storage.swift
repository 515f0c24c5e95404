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

/// Files on the host, under one directory. Descriptors stay open between calls (a
/// random 4 KiB read or write is then one system call); a lock guards the table, so
/// readers on many threads share it.
public final class DiskStorage: Storage {
    public let root: String
    private var descriptors: [String: OpenFile] = [:]
    private let lock = NSLock()

    /// A descriptor closed when the last user lets go of it, so that emptying the table
    /// never closes one another thread is reading through.
    private final class OpenFile: StorageReader {
        let fd: Int32
        let path: String
        init(_ fd: Int32, _ path: String) {
            self.fd = fd
            self.path = path
        }
        deinit { close(fd) }

        func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws {
            var done = 0
            while done < buffer.count {
                let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
                if n < 0 { if errno == EINTR { continue }; throw StorageError.io(path, errno) }
                if n == 0 { break }
                done += n
            }
            if done < buffer.count { memset(buffer.baseAddress! + done, 0, buffer.count - done) }
        }
    }

    /// Each layer a datastore reads keeps its descriptor (see `reader`): the soft limit on
    /// open files is raised to the hard one, once.
    private static let raisedFileLimit: Void = {
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 && limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
    }()
    /// Past this many open files the table is emptied (1,000 clones must not exhaust the
    /// process's descriptors).
    private static let maxOpen = 256

    public init(root: String) throws {
        self.root = root
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        Self.raisedFileLimit
    }

    /// CowStore builds every path from a layer number, but the directory is the boundary:
    /// anything but a plain name in it is refused rather than trusted.
    static func isPlainName(_ path: String) -> Bool {
        !path.isEmpty && path != "." && path != ".." && !path.contains("/") && !path.contains("\0")
    }

    private func full(_ path: String) throws -> String {
        guard Self.isPlainName(path) else { throw StorageError.badPath(path) }
        return root + "/" + path
    }

    private func file(_ path: String, create: Bool) throws -> OpenFile {
        let name = try full(path)
        lock.lock()
        defer { lock.unlock() }
        if let f = descriptors[path] { return f }
        let fd = open(name, create ? (O_RDWR | O_CREAT) : O_RDWR, 0o644)
        guard fd >= 0 else { throw errno == ENOENT ? StorageError.notFound(path) : StorageError.io(path, errno) }
        if descriptors.count >= Self.maxOpen { descriptors.removeAll(keepingCapacity: true) }
        let f = OpenFile(fd, path)
        descriptors[path] = f
        return f
    }

    public func read(_ path: String, at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws {
        try file(path, create: false).read(at: offset, into: buffer)
    }

    /// The file's descriptor itself: it stays open while the reader lives, whatever the
    /// table of descriptors forgets.
    public func reader(_ path: String) throws -> StorageReader { try file(path, create: false) }

    public func write(_ path: String, at offset: UInt64, from buffer: UnsafeRawBufferPointer) throws {
        let f = try file(path, create: true)
        var done = 0
        try withExtendedLifetime(f) {
            while done < buffer.count {
                let n = pwrite(f.fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
                if n < 0 { if errno == EINTR { continue }; throw StorageError.io(path, errno) }
                done += n
            }
        }
    }

    public func sync(_ path: String) throws {
        let f = try file(path, create: false)
        let failed = withExtendedLifetime(f) { fdatasync(f.fd) != 0 }
        if failed { throw StorageError.io(path, errno) }
    }

    public func syncDirectory() throws {
        let fd = open(root, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { throw StorageError.io(root, errno) }
        defer { close(fd) }
        if fsync(fd) != 0 { throw StorageError.io(root, errno) }
    }

    public func size(_ path: String) throws -> UInt64 {
        var st = stat()
        guard stat(try full(path), &st) == 0 else { throw StorageError.notFound(path) }
        return UInt64(st.st_size)
    }

    /// Bytes the file occupies on the host (its allocated blocks), as `du` counts them.
    public func hostBytes(_ path: String) throws -> UInt64 {
        var st = stat()
        guard stat(try full(path), &st) == 0 else { throw StorageError.notFound(path) }
        return UInt64(st.st_blocks) * 512
    }

    public func exists(_ path: String) -> Bool {
        guard let name = try? full(path) else { return false }
        return FileManager.default.fileExists(atPath: name)
    }

    public func list() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: root).sorted() }

    public func rename(_ from: String, to: String) throws {
        let source = try full(from), target = try full(to)
        lock.holding {
            // Both names' descriptors go: `to` names another file from now on.
            descriptors[from] = nil
            descriptors[to] = nil
        }
        if Foundation.rename(source, target) != 0 { throw errno == ENOENT ? StorageError.notFound(from) : StorageError.io(from, errno) }
    }

    public func remove(_ path: String) throws {
        let name = try full(path)
        lock.lock()
        descriptors[path] = nil
        lock.unlock()
        if unlink(name) != 0 && errno != ENOENT { throw StorageError.io(path, errno) }
    }
}

/// Files in memory, with what a crash keeps: each file's durable bytes (as of its last
/// sync) and the writes since, in order, and whether its name is durable yet (a directory
/// sync since it was made). A power loss may keep any of those writes and lose the others
/// (a page cache writes back in no promised order), and loses a file whose name was not
/// durable: `crashImage(keeping:)` is the disk a restart finds for one such choice.
public final class MemoryStorage: Storage {
    struct File {
        var durable: [UInt8] = []
        var current: [UInt8] = []
        var unsynced: [(offset: UInt64, bytes: [UInt8])] = []
        var named = false
        /// Set by a rename the directory has not synced since: where the file was, and
        /// the file it replaced (a crash may undo the rename).
        var renamedFrom: String?
        var replaced: [File] = []
    }
    private(set) var files: [String: File] = [:]

    public init() {}

    public func read(_ path: String, at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws {
        guard let f = files[path] else { throw StorageError.notFound(path) }
        let start = Int(offset)
        let n = start < f.current.count ? min(buffer.count, f.current.count - start) : 0
        if n > 0 { f.current.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + start, byteCount: n) } }
        if n < buffer.count { memset(buffer.baseAddress! + n, 0, buffer.count - n) }
    }

    public func write(_ path: String, at offset: UInt64, from buffer: UnsafeRawBufferPointer) throws {
        var f = files.removeValue(forKey: path) ?? File()
        let bytes = [UInt8](buffer)
        let end = Int(offset) + bytes.count
        if f.current.count < end { f.current += [UInt8](repeating: 0, count: end - f.current.count) }
        f.current.replaceSubrange(Int(offset)..<end, with: bytes)
        f.unsynced.append((offset, bytes))
        files[path] = f
    }

    public func sync(_ path: String) throws {
        guard var f = files.removeValue(forKey: path) else { throw StorageError.notFound(path) }
        f.durable = f.current
        f.unsynced = []
        files[path] = f
    }

    public func syncDirectory() throws {
        for path in files.keys {
            files[path]!.named = true
            files[path]!.renamedFrom = nil
            files[path]!.replaced = []
        }
    }

    public func rename(_ from: String, to: String) throws {
        guard var f = files.removeValue(forKey: from) else { throw StorageError.notFound(from) }
        if f.renamedFrom == nil {
            f.renamedFrom = from
            f.replaced = files[to].map { [$0] } ?? []
        }
        files[to] = f
    }

    public func size(_ path: String) throws -> UInt64 {
        guard let f = files[path] else { throw StorageError.notFound(path) }
        return UInt64(f.current.count)
    }

    public func exists(_ path: String) -> Bool { files[path] != nil }

    public func remove(_ path: String) throws { files[path] = nil }

    public func list() throws -> [String] { files.keys.sorted() }

    /// The events a crash may keep or lose, over all files (path order; a new file's name,
    /// a rename, then its writes in order).
    public var unsyncedWrites: Int {
        files.values.reduce(0) { $0 + $1.unsynced.count + ($1.named && $1.renamedFrom == nil ? 0 : 1) }
    }

    /// The storage a restart finds after a crash now, keeping the unsynced events for which
    /// `keep(n)` is true (n numbers them as `unsyncedWrites` counts) and losing the rest.
    public func crashImage(keeping keep: (Int) -> Bool) -> MemoryStorage {
        let image = MemoryStorage()
        var n = 0
        for path in files.keys.sorted() {
            let f = files[path]!
            var survives = true, at = path
            if let from = f.renamedFrom {
                // A renamed file's name and rename are one event: undone, the file is back
                // where it was (if that name was durable), and what it replaced too.
                if !keep(n) {
                    at = from
                    survives = f.named
                    if let old = f.replaced.first { image.files[path] = File(durable: old.durable, current: old.durable, named: true) }
                }
                n += 1
            } else if !f.named {
                survives = keep(n)
                n += 1
            }
            var bytes = f.durable
            for w in f.unsynced {
                defer { n += 1 }
                guard keep(n) else { continue }
                let end = Int(w.offset) + w.bytes.count
                if bytes.count < end { bytes += [UInt8](repeating: 0, count: end - bytes.count) }
                bytes.replaceSubrange(Int(w.offset)..<end, with: w.bytes)
            }
            if survives { image.files[at] = File(durable: bytes, current: bytes, named: true) }
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

    public func read(_ path: String, at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws {
        if crashed { throw StorageError.crashed(point: points) }
        try base.read(path, at: offset, into: buffer)
    }

    public func write(_ path: String, at offset: UInt64, from buffer: UnsafeRawBufferPointer) throws {
        try point()
        try base.write(path, at: offset, from: buffer)
    }

    public func sync(_ path: String) throws {
        try point()
        try base.sync(path)
    }

    public func syncDirectory() throws {
        try point()
        try base.syncDirectory()
    }

    public func size(_ path: String) throws -> UInt64 { try base.size(path) }
    public func exists(_ path: String) -> Bool { base.exists(path) }
    public func list() throws -> [String] { try base.list() }

    public func rename(_ from: String, to: String) throws {
        try point()
        try base.rename(from, to: to)
    }

    public func remove(_ path: String) throws {
        try point()
        try base.remove(path)
    }
}
