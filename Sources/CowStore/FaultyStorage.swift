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
