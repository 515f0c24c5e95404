import Foundation

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
