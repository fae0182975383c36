#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A detached POSIX thread that runs one closure on a stack of a chosen size.
///
/// Not Foundation's `Thread`: starting one runs CoreFoundation's per-thread set-up and names
/// the thread through a `String` round trip, about 0.1 ms of `cce -e 1` for the one thread it
/// starts. Script threads (their stacks are large, for deep recursion), `parallel` items and
/// the command's Ctrl-C watcher start here.
public enum NativeThread {
    /// Starts `body` on a new thread with a stack of `stackSize` bytes (reserved address space;
    /// pages cost memory only once touched). False, with `body` not run, when the system
    /// refuses the thread (out of threads or of address space): the caller decides what then.
    public static func start(stackSize: Int, _ body: @escaping @Sendable () -> Void) -> Bool {
        var attributes = pthread_attr_t()
        guard pthread_attr_init(&attributes) == 0 else { return false }
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        guard pthread_attr_setstacksize(&attributes, max(stackSize, Int(PTHREAD_STACK_MIN))) == 0 else {
            return false
        }
        // The closure crosses as the thread's one argument: retained here, taken back (and let
        // go) by the thread, or here when no thread was made.
        let context = Unmanaged.passRetained(Work(body)).toOpaque()
        #if canImport(Darwin)
        var thread: pthread_t?
        #else
        var thread = pthread_t()
        #endif
        let made = pthread_create(&thread, &attributes, { NativeThread.run($0) }, context)
        if made != 0 { Unmanaged<Work>.fromOpaque(context).release() }
        return made == 0
    }

    /// The new thread: takes the closure back and runs it.
    private static func run(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
        if let context { Unmanaged<Work>.fromOpaque(context).takeRetainedValue().body() }
        return nil
    }

    private final class Work {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
}
