#if canImport(Glibc)
import Glibc

// A GNU extension the Glibc module does not export; its C ABI is stable.
@_silgen_name("pthread_getattr_np")
private func gnuPthreadGetattr(_ thread: pthread_t, _ attr: UnsafeMutablePointer<pthread_attr_t>) -> Int32
#elseif canImport(Darwin)
import Darwin
#endif

/// Tells a recursive routine whether the current thread's stack has room for more, so
/// deep input becomes an error instead of a crash whatever the thread's stack size (a
/// secondary thread may have 512 KiB, the main thread 8 MiB). pwsh does the same with
/// EnsureSufficientExecutionStack.
public struct StackGuard: Sendable {
    /// The lowest stack address recursion may reach; 0 when unknown (then always room).
    let limit: UInt

    public init(reserve: Int = 160 << 10) {
        var low: UInt = 0
        #if canImport(Glibc)
        var attr = pthread_attr_t()
        if gnuPthreadGetattr(pthread_self(), &attr) == 0 {
            var address: UnsafeMutableRawPointer? = nil
            var size = 0
            if pthread_attr_getstack(&attr, &address, &size) == 0, let address {
                low = UInt(bitPattern: address)
            }
            pthread_attr_destroy(&attr)
        }
        #elseif canImport(Darwin)
        let top = UInt(bitPattern: pthread_get_stackaddr_np(pthread_self()))
        low = top - UInt(pthread_get_stacksize_np(pthread_self()))
        #endif
        limit = low == 0 ? 0 : low + UInt(reserve)
    }

    /// A guard that never stops recursion (for tiny inputs).
    public static let unlimited = StackGuard(limit: 0)

    private init(limit: UInt) { self.limit = limit }

    @inline(__always) public func hasRoom() -> Bool {
        guard limit != 0 else { return true }
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) } > limit
    }
}
