import Foundation

/// State shared by every session in the process (registered views, the regex cache),
/// behind a lock: sessions run side by side on their own threads (the test runner, the
/// fuzzer), and each reads these tables only on cold paths.
final class Locked<State> {
    private var state: State
    private let lock = NSLock()

    init(_ state: State) { self.state = state }

    func withLock<T>(_ body: (inout State) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&state)
    }
}
