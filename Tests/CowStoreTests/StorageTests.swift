import Foundation
import Testing
@testable import CowStore

/// DiskStorage on the host: the directory is a boundary, descriptors are reused and
/// recycled, reads past the end are zeros.
@Suite struct StorageTests {
    static func directory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("cowstore-\(UUID().uuidString)").path
    }

    @Test(arguments: ["../escape", "/etc/passwd", "a/b", "..", ".", ""])
    func pathsOutsideTheDirectoryAreRefused(_ path: String) throws {
        let parent = Self.directory()
        let storage = try DiskStorage(root: parent + "/ds")
        defer { try? FileManager.default.removeItem(atPath: parent) }
        #expect(throws: StorageError.badPath(path)) { try storage.write(path, at: 0, [1, 2, 3]) }
        #expect(throws: StorageError.badPath(path)) { try storage.read(path, at: 0, count: 1) }
        #expect(throws: StorageError.badPath(path)) { try storage.remove(path) }
        #expect(!storage.exists(path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent) == ["ds"])
        #expect(try storage.list().isEmpty)
    }

    @Test func diskNamesNeverBecomePaths() throws {
        let parent = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let store = try Datastore.create(try DiskStorage(root: parent + "/ds"), capacity: 1 << 30)
        for name in ["../../x", "/tmp/y", "a/../../b", "..", "catalog", "L0000000000000001.vly"] {
            try store.createDisk(name, size: 1 << 20)
            try store.write(name, at: 0, [UInt8](repeating: 7, count: 5000))
            #expect(try store.read(name, at: 4999, count: 2) == [7, 0])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent) == ["ds"])
        let files = try FileManager.default.contentsOfDirectory(atPath: parent + "/ds").sorted()
        #expect(files == ["L0000000000000001.vly", "L0000000000000002.vly", "L0000000000000003.vly", "L0000000000000004.vly",
                          "L0000000000000005.vly", "L0000000000000006.vly", "catalog"])
        #expect(try Datastore.open(DiskStorage(root: parent + "/ds")).check().isEmpty)
    }

    @Test func manyFilesRecycleDescriptorsAndReadBack() throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let storage = try DiskStorage(root: dir)
        for i in 0..<600 { try storage.write("f\(i)", at: UInt64(i), [UInt8(i % 256)]) }
        for i in stride(from: 0, to: 600, by: 7) {
            #expect(try storage.read("f\(i)", at: UInt64(i), count: 3) == [UInt8(i % 256), 0, 0])    // zeros past the end
        }
        try storage.remove("f3")
        #expect(!storage.exists("f3"))
        #expect(throws: StorageError.notFound("f3")) { try storage.read("f3", at: 0, count: 1) }
        #expect(try storage.list().count == 599)
    }
}
