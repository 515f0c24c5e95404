import CowStore
import Foundation

// The CowStore side of Benchmarks/cowstore/run.sh: one operation per invocation, on a
// datastore directory the script prepares step by step, timed in process. Prints one JSON
// object: the seconds the operation took and the datastore's host bytes after it.
//
//   cowstore-bench STEP DIR [ARGS…]

let G = 4096
let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write("usage: cowstore-bench STEP DIR [ARGS...]\n".data(using: .utf8)!)
    exit(2)
}
let step = arguments[1], dir = arguments[2], rest = Array(arguments.dropFirst(3))

func number(_ i: Int) -> UInt64 {
    guard i < rest.count, let v = UInt64(rest[i]) else {
        FileHandle.standardError.write("\(step): argument \(i + 1) must be a number\n".data(using: .utf8)!)
        exit(2)
    }
    return v
}

/// Offsets, one per line (the same file the qemu-io commands were made from).
func offsets(_ path: String) -> [UInt64] {
    (try! String(contentsOfFile: path, encoding: .utf8)).split(separator: "\n").compactMap { UInt64($0) }
}

func hostBytes(_ storage: DiskStorage) -> UInt64 {
    ((try? storage.list()) ?? []).reduce(0) { $0 + ((try? storage.hostBytes($1)) ?? 0) }
}

func time(_ body: () throws -> Void) rethrows -> Double {
    var a = timespec(), b = timespec()
    clock_gettime(CLOCK_MONOTONIC, &a)
    try body()
    clock_gettime(CLOCK_MONOTONIC, &b)
    return Double(b.tv_sec - a.tv_sec) + Double(b.tv_nsec - a.tv_nsec) / 1e9
}

let storage = try DiskStorage(root: dir)
let fresh = !storage.exists(Catalogue.path)
let store = fresh ? try Datastore.create(storage, capacity: 1 << 50) : try Datastore.open(storage)
let pattern = [UInt8](repeating: 0xab, count: 1 << 20)
var extra: [String: Any] = [:]
var seconds = 0.0

switch step {
case "create":    // SIZE: a thin disk "base"
    seconds = try time { try store.createDisk("base", size: number(0)) }
case "write":     // DISK BYTES: sequential 1 MiB writes from offset 0, one flush at the end
    let disk = rest[0], total = number(1)
    seconds = try time {
        var at: UInt64 = 0
        while at < total {
            let n = Int(min(UInt64(pattern.count), total - at))
            try pattern.withUnsafeBytes { try store.write(disk, at: at, from: UnsafeRawBufferPointer(rebasing: $0[0..<n]), flushing: false) }
            at += UInt64(n)
        }
        try store.flush(disk)
    }
case "synthetic": // DISK GRAINS: generated content over the first GRAINS grains (a guest image)
    seconds = try time { try store.fillSynthetic(rest[0], fromGrain: 0, count: number(1), seed: 42) }
case "snapshot":  // DISK
    var layer: UInt64 = 0
    seconds = try time { layer = try store.snapshot(rest[0]) }
    extra["layer"] = layer
case "clone":     // LAYER NAME [COUNT]: COUNT linked clones NAME1… (or one, NAME)
    let layer = number(0), count = rest.count > 2 ? Int(number(2)) : 1
    let before = hostBytes(storage)
    seconds = try time {
        if count == 1 { try store.linkedClone(of: layer, as: rest[1]); return }
        for i in 1...count { try store.linkedClone(of: layer, as: rest[1] + String(i)) }
    }
    extra["addedBytes"] = hostBytes(storage) - before
case "chain":     // LAYER NAME DEPTH: a linked clone, then snapshots until DEPTH layers sit on LAYER
    let layer = number(0), depth = Int(number(2))
    try store.linkedClone(of: layer, as: rest[1])
    for _ in 1..<max(depth, 1) { try store.snapshot(rest[1]) }
case "randwrite": // DISK OFFSETS: 4 KiB writes, one flush at the end
    let disk = rest[0], list = offsets(rest[1])
    let before = hostBytes(storage)
    seconds = try time {
        try pattern.withUnsafeBytes { p in
            let grain = UnsafeRawBufferPointer(rebasing: p[0..<G])
            for o in list { try store.write(disk, at: o, from: grain, flushing: false) }
        }
        try store.flush(disk)
    }
    extra["addedBytes"] = hostBytes(storage) - before
    extra["distinctBytes"] = Set(list.map { $0 / UInt64(G) }).count * G
case "read":      // DISK BYTES REQUEST: sequential reads
    let disk = rest[0], total = number(1), request = Int(number(2))
    var buffer = [UInt8](repeating: 0, count: request)
    var sum: UInt64 = 0
    seconds = try time {
        var at: UInt64 = 0
        try buffer.withUnsafeMutableBytes { b in
            while at < total {
                try store.read(disk, at: at, into: b)
                sum &+= UInt64(b[0])
                at += UInt64(request)
            }
        }
    }
    extra["check"] = sum
case "randread":  // DISK OFFSETS: 4 KiB reads
    let disk = rest[0], list = offsets(rest[1])
    var buffer = [UInt8](repeating: 0, count: G)
    var sum: UInt64 = 0
    seconds = try time {
        try buffer.withUnsafeMutableBytes { b in
            for o in list { try store.read(disk, at: o, into: b); sum &+= UInt64(b[0]) }
        }
    }
    extra["check"] = sum
case "consolidate": // DISK: delete the disk's oldest snapshot (its child merges into it)
    let disk = rest[0]
    guard let snap = store.state.disks[disk]?.snapshots.first else { fatalError("\(disk) has no snapshot") }
    seconds = try time { try store.deleteSnapshot(disk, snap) }
case "fullclone": // SOURCE NAME
    seconds = try time { try store.fullClone(rest[0], as: rest[1]) }
case "check":
    let problems = store.check()
    extra["problems"] = problems.count
    for p in problems { FileHandle.standardError.write((p + "\n").data(using: .utf8)!) }
default:
    FileHandle.standardError.write("unknown step \(step)\n".data(using: .utf8)!)
    exit(2)
}

var out: [String: Any] = ["seconds": seconds, "hostBytes": hostBytes(storage)]
for (k, v) in extra { out[k] = v }
let json = try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys])
print(String(decoding: json, as: UTF8.self))
