import ArgumentParser
import CowStore
import Foundation

/// `vish disk check|info|map`: the CowStore datastore seen from the shell.
struct Disk: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inspect a CowStore datastore and its layer files.",
        subcommands: [Check.self, List.self, Info.self, Map.self]
    )

    /// `0 B`, `4.0 KiB`, `1.0 GiB`: a size in one short word.
    static func compact(_ bytes: UInt64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var v = Double(bytes), u = 0
        while v >= 1024 && u < units.count - 1 { v /= 1024; u += 1 }
        return u == 0 ? "\(bytes) B" : String(format: "%.1f %@", v, units[u])
    }

    /// `4.0 KiB (4096 bytes)`: a size, and the exact count.
    static func size(_ bytes: UInt64) -> String { bytes < 1024 ? "\(bytes) bytes" : "\(compact(bytes)) (\(bytes) bytes)" }

    /// A failure, named by the path the user gave.
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ path: String, _ error: Error) { description = "\(path): \(error)" }
        init(_ text: String) { description = text }
    }

    /// The datastore in `directory`, opened without repairs (as a checker sees it).
    static func openDatastore(_ directory: String) throws -> Datastore {
        guard FileManager.default.fileExists(atPath: directory + "/" + Catalogue.path) else {
            throw Failure("\(directory): not a CowStore datastore (no catalog file)")
        }
        do { return try Datastore.open(DiskStorage(root: directory), repairing: false) } catch { throw Failure(directory, error) }
    }

    /// The datastore directory and the layer of a layer file path.
    static func locate(_ file: String) throws -> (Datastore?, LayerFile) {
        let url = URL(fileURLWithPath: file)
        guard FileManager.default.fileExists(atPath: file) else { throw Failure("\(file): no such file") }
        let storage = try DiskStorage(root: url.deletingLastPathComponent().path)
        let layer: LayerFile
        do {
            layer = try LayerFile.open(storage, path: url.lastPathComponent)
        } catch {
            // (The engine names the file by its name in the directory; say it as given.)
            let text = "\(error)"
            let name = url.lastPathComponent + ": "
            throw Failure(file + ": " + (text.hasPrefix(name) ? String(text.dropFirst(name.count)) : text))
        }
        let store = storage.exists(Catalogue.path) ? try? Datastore.open(storage, repairing: false) : nil
        return (store, layer)
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Verify every invariant; exit 0 when clean, 1 with a report.")
        @Argument(help: "The datastore directory.") var directory: String

        func run() throws {
            let store = try Disk.openDatastore(directory)
            let u = store.usage()
            print("datastore \(directory): \(store.state.disks.count) disks, \(store.state.layers.count) layers")
            print("capacity \(Disk.size(u.capacity)), allocated \(Disk.size(u.allocated)), reserved \(Disk.size(u.reserved)), free \(Disk.size(u.free))")
            let problems = store.check()
            if problems.isEmpty { print("no problems found"); return }
            for p in problems { print(p) }
            throw ExitCode(1)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Each disk: its layers, snapshots and space.")
        @Argument(help: "The datastore directory.") var directory: String

        func run() throws {
            let store = try Disk.openDatastore(directory)
            let state = store.state
            print("Disk                 Provisioning  Provisioned     Allocated       Unique          Shared          Layers")
            func gib(_ b: UInt64) -> String { Disk.compact(b).padding(toLength: 15, withPad: " ", startingAt: 0) }
            for name in state.disks.keys.sorted() {
                let d = state.disks[name]!
                let u = try store.usage(ofDisk: name)
                let kind = ["thin", "thick lazy", "thick eager"][Int(d.provisioning.rawValue)]
                let layers = state.chain(from: d.top).map(String.init).joined(separator: " -> ")
                let pins = d.snapshots.isEmpty ? "" : "  (snapshots: " + d.snapshots.map(String.init).joined(separator: ", ") + ")"
                print(name.padding(toLength: 20, withPad: " ", startingAt: 0) + " " + kind.padding(toLength: 13, withPad: " ", startingAt: 0) + " "
                      + gib(u.provisioned) + " " + gib(u.allocated) + " " + gib(u.unique) + " " + gib(u.shared) + " " + layers + pins)
            }
        }
    }

    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A layer file's size, allocation and chain (like qemu-img info).")
        @Argument(help: "The layer file.") var file: String

        func run() throws {
            let (store, layer) = try Disk.locate(file)
            let s = layer.superblock
            let counts = layer.map.grainCounts
            let fileSize = (try? layer.storage.size(layer.path)) ?? 0
            print("file: \(file)")
            print("layer: \(s.layerID)")
            print("virtual size: \(Disk.size(s.virtualSize))")
            print("file size: \(Disk.size(fileSize))")
            print("generation: \(s.generation)")
            print("grains: \(counts.data) data, \(counts.zero) zero, \(counts.synthetic) synthetic (allocated \(Disk.size((counts.data + counts.synthetic) * 4096)))")
            print("map: \(layer.map.runs.count) runs in \(s.mapPageCount) pages")
            for (i, o) in s.origins.enumerated() { print("synthetic origin \(i): seed \(o.seed), disk \(o.disk)") }
            if let store {
                print("frozen: \(store.state.layers[s.layerID]?.frozen == true ? "yes" : "no")")
                print("chain: " + store.state.chain(from: s.layerID).map(String.init).joined(separator: " -> "))
                print("disks needing it: " + store.disks(dependingOn: s.layerID).joined(separator: ", "))
                for d in store.state.disks.values.sorted(by: { $0.name < $1.name }) where d.top == s.layerID {
                    let u = try store.usage(ofDisk: d.name)
                    print("disk \(d.name): provisioned \(Disk.size(u.provisioned)), allocated \(Disk.size(u.allocated)), unique \(Disk.size(u.unique)), shared \(Disk.size(u.shared))")
                }
            } else {
                print("parent: \(s.parentID == 0 ? "none" : "\(s.parentID) (generation \(s.parentGeneration))")")
            }
        }
    }

    struct Map: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Which layer serves which range of the disk.")
        @Argument(help: "The layer file (its chain is read from the datastore beside it).") var file: String

        func run() throws {
            let (store, layer) = try Disk.locate(file)
            let id = layer.superblock.layerID
            // Through the chain when the datastore is beside the file, else the layer alone.
            let served = try store.flatMap { $0.state.layers[id] != nil ? try $0.servedRuns(from: id) : nil }
                ?? Datastore.servedRuns(of: layer)
            print("Offset              Length              Layer  Content")
            for r in served {
                let what: String
                switch r.kind {
                case .data: what = "data"
                case .zero: what = r.layer == 0 ? "zeros (unallocated)" : "zeros"
                case .synthetic: what = "synthetic"
                }
                print(String(format: "0x%016llx  0x%016llx  %@  %@", r.first * 4096, r.count * 4096,
                             (r.layer == 0 ? "-" : String(r.layer)).padding(toLength: 5, withPad: " ", startingAt: 0), what))
            }
        }
    }
}

