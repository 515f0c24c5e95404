import Foundation

/// Where formatted output goes: standard output and error, or a buffer in tests.
public protocol Host: AnyObject {
    func write(_ text: String)
    func writeError(_ text: String)
    /// True when output goes to a terminal (Write-Progress draws only then).
    var isInteractive: Bool { get }
    /// Writes out anything buffered.
    func flush()
}

/// Standard output (buffered: scripts print many short lines) and standard error. The
/// buffer is written before anything goes to standard error, so a terminal or a `2>&1`
/// sees both streams in the order they were written.
public final class StandardHost: Host {
    private var buffer: [UInt8] = []
    public init() { buffer.reserveCapacity(1 << 16) }
    deinit { flush() }
    public func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }
    public func writeError(_ text: String) {
        flush()
        writeAll(2, Array(text.utf8))
    }
    public func flush() {
        guard !buffer.isEmpty else { return }
        writeAll(1, buffer)
        buffer.removeAll(keepingCapacity: true)
    }
    public var isInteractive: Bool { isatty(1) != 0 }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { if errno == EINTR { continue }; return }
                offset += n
            }
        }
    }
}

/// Collects output in memory.
public final class BufferHost: Host {
    public private(set) var output = ""
    public private(set) var errors = ""
    /// Both streams in the order written.
    public private(set) var combined = ""
    public init() {}
    public func write(_ text: String) { output += text; combined += text }
    public func writeError(_ text: String) { errors += text; combined += text }
    public var isInteractive: Bool { false }
    public func flush() {}
}

/// Time as scripts see it. Scripts never wait for real time: Start-Sleep advances it.
public protocol Clock: AnyObject {
    /// Ticks (100 ns) since 0001-01-01, local time.
    var now: Int64 { get }
    func advance(seconds: Double)
}

/// A clock that starts at a fixed instant and moves only when told to.
public final class VirtualClock: Clock {
    public private(set) var now: Int64

    /// 2026-01-05 09:00:00 by default.
    public init(ticks: Int64 = PSDateTime.ticks(year: 2026, month: 1, day: 5, hour: 9, minute: 0, second: 0)) {
        now = ticks
    }

    public func advance(seconds: Double) {
        now += Int64((seconds * 10_000_000).rounded())
    }
}
