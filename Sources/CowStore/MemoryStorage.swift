import Foundation

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
    /// Writers of different disks write at once (a test double, but a faithful one).
    private let lock = NSLock()

    public init() {}

    public func read(_ path: String, at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws {
        lock.lock(); defer { lock.unlock() }
        guard let f = files[path] else { throw StorageError.notFound(path) }
        let start = Int(offset)
        let n = start < f.current.count ? min(buffer.count, f.current.count - start) : 0
        if n > 0 { f.current.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + start, byteCount: n) } }
        if n < buffer.count { memset(buffer.baseAddress! + n, 0, buffer.count - n) }
    }

    public func write(_ path: String, at offset: UInt64, from buffer: UnsafeRawBufferPointer) throws {
        lock.lock(); defer { lock.unlock() }
        var f = files.removeValue(forKey: path) ?? File()
        let bytes = [UInt8](buffer)
        let end = Int(offset) + bytes.count
        if f.current.count < end { f.current += [UInt8](repeating: 0, count: end - f.current.count) }
        f.current.replaceSubrange(Int(offset)..<end, with: bytes)
        f.unsynced.append((offset, bytes))
        files[path] = f
    }

    public func sync(_ path: String) throws {
        lock.lock(); defer { lock.unlock() }
        guard var f = files.removeValue(forKey: path) else { throw StorageError.notFound(path) }
        f.durable = f.current
        f.unsynced = []
        files[path] = f
    }

    public func syncDirectory() throws {
        lock.lock(); defer { lock.unlock() }
        for path in files.keys {
            files[path]!.named = true
            files[path]!.renamedFrom = nil
            files[path]!.replaced = []
        }
    }

    public func rename(_ from: String, to: String) throws {
        lock.lock(); defer { lock.unlock() }
        guard var f = files.removeValue(forKey: from) else { throw StorageError.notFound(from) }
        if f.renamedFrom == nil {
            f.renamedFrom = from
            f.replaced = files[to].map { [$0] } ?? []
        }
        files[to] = f
    }

    public func size(_ path: String) throws -> UInt64 {
        lock.lock(); defer { lock.unlock() }
        guard let f = files[path] else { throw StorageError.notFound(path) }
        return UInt64(f.current.count)
    }

    public func exists(_ path: String) -> Bool {
        lock.lock(); defer { lock.unlock() }
        return files[path] != nil
    }

    public func remove(_ path: String) throws {
        lock.lock(); defer { lock.unlock() }
        files[path] = nil
    }

    public func list() throws -> [String] {
        lock.lock(); defer { lock.unlock() }
        return files.keys.sorted()
    }

    /// The events a crash may keep or lose, over all files (path order; a new file's name,
    /// a rename, then its writes in order).
    public var unsyncedWrites: Int {
        lock.lock(); defer { lock.unlock() }
        return files.values.reduce(0) { $0 + $1.unsynced.count + ($1.named && $1.renamedFrom == nil ? 0 : 1) }
    }

    /// The storage a restart finds after a crash now, keeping the unsynced events for which
    /// `keep(n)` is true (n numbers them as `unsyncedWrites` counts) and losing the rest.
    public func crashImage(keeping keep: (Int) -> Bool) -> MemoryStorage {
        lock.lock(); defer { lock.unlock() }
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
