import CowStore
import Foundation
import Testing

/// `vish disk check|info|map` over a datastore made in a temporary directory.
@Suite struct DiskCommandTests {
    static func makeDatastore() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vish-disk-\(UUID().uuidString)").path
        let store = try Datastore.create(try DiskStorage(root: dir), capacity: 1 << 40)
        try store.createDisk("base", size: 1 << 30)
        try store.write("base", at: 0, [UInt8](repeating: 1, count: 3 * 4096))
        try store.fillSynthetic("base", fromGrain: 100, count: 50, seed: 1)
        let snap = try store.snapshot("base")
        try store.linkedClone(of: snap, as: "web01")
        try store.write("web01", at: 4096, [UInt8](repeating: 2, count: 4096))
        return dir
    }

    @Test func checkInfoAndMap() throws {
        let dir = try Self.makeDatastore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let check = try VishProcess.run(["disk", "check", dir])
        #expect(check.status == 0)
        #expect(check.stdout.contains("2 disks, 3 layers"))
        #expect(check.stdout.contains("no problems found"))

        let list = try VishProcess.run(["disk", "list", dir])
        #expect(list.status == 0)
        let rows = list.stdout.split(separator: "\n").map(String.init)
        #expect(rows.count == 3)
        // base: 3 grains and 50 synthetic in layer 1, which web01 shares; web01 owns 1 grain.
        #expect(rows[1] == "base                 thin          1.0 GiB         212.0 KiB       0 B             212.0 KiB       2 -> 1  (snapshots: 1)")
        #expect(rows[2] == "web01                thin          1.0 GiB         212.0 KiB       4.0 KiB         212.0 KiB       3 -> 1")

        let clone = dir + "/L0000000000000003.vly"
        let info = try VishProcess.run(["disk", "info", clone])
        #expect(info.status == 0)
        #expect(info.stdout.contains("virtual size: 1.0 GiB (1073741824 bytes)"))
        #expect(info.stdout.contains("grains: 1 data, 0 zero, 0 synthetic"))
        #expect(info.stdout.contains("chain: 3 -> 1"))
        #expect(info.stdout.contains("disks needing it: web01"))
        #expect(info.stdout.contains("disk web01: provisioned 1.0 GiB (1073741824 bytes), allocated 212.0 KiB (217088 bytes), unique 4.0 KiB (4096 bytes), shared 212.0 KiB (217088 bytes)"))

        let map = try VishProcess.run(["disk", "map", clone])
        #expect(map.status == 0)
        let lines = map.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("0x0000000000000000  0x0000000000001000  1      data"))
        #expect(lines.contains("0x0000000000001000  0x0000000000001000  3      data"))
        #expect(lines.contains("0x0000000000064000  0x0000000000032000  1      synthetic"))
    }

    @Test func checkReportsDamage() throws {
        let dir = try Self.makeDatastore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Both superblock slots of the clone's layer damaged, and a file no entry names.
        let path = dir + "/L0000000000000003.vly"
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[20] ^= 0xFF
        bytes[532] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: dir + "/L00000000000000ff.vly"))
        let check = try VishProcess.run(["disk", "check", dir])
        #expect(check.status == 1)
        #expect(check.stdout.contains("layer 3: its file does not open"))
        #expect(check.stdout.contains("file L00000000000000ff.vly: no layer of the catalogue"))
    }

    @Test func whatIsNotADatastoreOrALayerIsSaidPlainly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vish-disk-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cases: [([String], String)] = [
            (["disk", "check", dir], "Error: \(dir): not a CowStore datastore (no catalog file)"),
            (["disk", "info", dir + "/L1.vly"], "Error: \(dir)/L1.vly: no such file"),
        ]
        for (args, message) in cases {
            let run = try VishProcess.run(args)
            #expect(run.status == 1)
            #expect(run.stderr.contains(message), "\(args): \(run.stderr)")
        }
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: dir + "/catalog"))
        try Data(repeating: 7, count: 5000).write(to: URL(fileURLWithPath: dir + "/L0000000000000001.vly"))
        let check = try VishProcess.run(["disk", "check", dir])
        #expect(check.status == 1 && check.stderr.contains("Error: \(dir): not a CowStore catalogue"))
        let info = try VishProcess.run(["disk", "info", dir + "/L0000000000000001.vly"])
        #expect(info.status == 1 && info.stderr.contains("Error: \(dir)/L0000000000000001.vly: not a layer file, or both superblocks are damaged"))
    }
}
