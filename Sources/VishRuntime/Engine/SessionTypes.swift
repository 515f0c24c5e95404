import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The enums and classes a session's scripts define. They belong to the session, not
/// the process: sessions run side by side, and one script's `enum Color` must not be
/// another's. Type names are resolved in many places that have no scope at hand (casts,
/// type literals), so the session running on this thread is found through a
/// thread-local, set for the length of each run.
final class SessionTypes {
    var enums: [String: EnumDefinition] = [:]
    var classes: [String: ClassDefinition] = [:]
    /// Where static initial values are evaluated before the definition has run.
    unowned(unsafe) var globalScope: Scope?

    /// The types of the session running on this thread, if any.
    static var current: SessionTypes? {
        guard let p = pthread_getspecific(currentKey) else { return nil }
        return Unmanaged<SessionTypes>.fromOpaque(p).takeUnretainedValue()
    }

    /// Runs `body` with `self` as this thread's session types (runs nest: restored after).
    func asCurrent<T>(_ body: () throws -> T) rethrows -> T {
        let previous = pthread_getspecific(currentKey)
        pthread_setspecific(currentKey, Unmanaged.passUnretained(self).toOpaque())
        defer { pthread_setspecific(currentKey, previous) }
        return try body()
    }
}

private let currentKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key, nil)
    return key
}()
