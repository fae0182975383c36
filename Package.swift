// swift-tools-version:6.0
import PackageDescription

/// How the release `cce` is linked on Linux, for start-up time: the median wall time of
/// `cce -e 1` (as scripts/tools/startup takes it, on the 2-core build machine) is 5.6 ms with
/// the default link and 2.6 ms with all of these.
/// - `--no-export-dynamic`: the binary exports none of its own ~46k symbols; at every start the
///   dynamic linker searched them and the Swift runtime's `dladdr` walked them (~1 ms).
/// - `-no-pie`: a position-independent binary of this size carries 148k RELATIVE relocations
///   (3.5 MB of table) that the dynamic linker applies at every start, copying the 1.4 MB of
///   pointer-holding data they write into; at a fixed address there are none: 5.6 -> 4.2 ms,
///   and 974 -> 500 page faults. The cost: no address randomisation for the executable's own
///   code and data (the libraries keep theirs). RELR (`-z pack-relative-relocs` with lld)
///   only shrinks the table: 5.6 -> 5.3 ms.
/// - scripts/link/ld: libstdc++, SQLite, libedit (with termcap, libbsd, libmd) and zlib from
///   their static archives, 3 shared libraries left (libc, libm, libcrypt) instead of 12 to
///   load and bind: 4.2 -> 2.6 ms.
let releaseLinkerFlags = [
    "-Xlinker", "--no-export-dynamic",
    "-Xclang-linker", "-no-pie",
    "-Xclang-linker", "--ld-path=\(Context.packageDirectory)/scripts/link/ld",
]

/// Our modules get the metadata of concrete generic types from their accessors, which are
/// handed the conformances they need, not by mangled name: the first mangled-name look-up of a
/// type with a requirement (`[String: Int]`: `String: Hashable`) checks it by a scan of every
/// protocol conformance in the binary, ~0.3 ms. A specialization that Foundation or a dependency
/// also holds is a weak symbol the linker keeps one copy of; scripts/link/ld puts our objects
/// first so that ours is kept, for every caller. `cce -e 1`, interleaved medians of 101
/// (scripts/tools/startup): 2.50 -> 2.18 ms.
let releaseSwiftFlags = ["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"]

let package = Package(
    name: "cce",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "CCECore", targets: ["CCECore"]),
        .library(name: "CCEEmulator", targets: ["CCEEmulator"]),
        .library(name: "CCEScript", targets: ["CCEScript"]),
        .executable(name: "cce", targets: ["cce"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        // The emulator's per-cluster CA and kubeconfig client certificates (clustercert).
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
    ],
    targets: [
        .target(
            name: "CCECore",
            dependencies: [
                "CLibCrypt",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            swiftSettings: [.unsafeFlags(releaseSwiftFlags, .when(configuration: .release))]
        ),
        .target(
            name: "CCEEmulator",
            dependencies: [
                "CCECore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: [.unsafeFlags(releaseSwiftFlags, .when(configuration: .release))]
        ),
        .target(
            name: "CCEScript",
            dependencies: [
                "CCECore",
                .product(name: "Yams", package: "Yams"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            // The engine reads and writes its frames and the interpreter's counters through class
            // properties at every step; the release build checks their exclusive access
            // statically only (the debug build, which the tests run, keeps the dynamic checks).
            // Interleaved runs of scripts/tools/bench-programs, medians of 9: fib 0.163 s -> 0.094 s,
            // loop 0.385 s -> 0.205 s, append 0.040 s -> 0.028 s.
            swiftSettings: [
                .unsafeFlags(["-enforce-exclusivity=unchecked"] + releaseSwiftFlags, .when(configuration: .release))
            ]
        ),
        // Embedding example (issue 6): `swift run cce-embed-example`.
        .executableTarget(name: "cce-embed-example", dependencies: ["CCEScript", "CCEEmulator", "CCECore"]),
        .systemLibrary(
            name: "CLibCrypt",
            providers: [.apt(["libcrypt-dev"])]
        ),
        .systemLibrary(
            name: "CLibEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        .executableTarget(
            name: "cce",
            dependencies: [
                "CCECore", "CCEEmulator", "CCEScript", "CLibEdit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: [.unsafeFlags(releaseSwiftFlags, .when(configuration: .release))],
            linkerSettings: [.unsafeFlags(releaseLinkerFlags, .when(platforms: [.linux], configuration: .release))]
        ),
        // libFuzzer target for lexer + parser + evaluator (scripts/tools/fuzz); a normal build
        // makes it a replay tool for saved inputs.
        .executableTarget(name: "cce-fuzz", dependencies: ["CCEScript"]),
        // Child processes for the tests of the built binary (posix_spawn + waitpid, deadlines).
        .target(name: "CCETestSupport", path: "Tests/Support"),
        .testTarget(name: "CCECoreTests", dependencies: ["CCECore"]),
        .testTarget(
            name: "CCEEmulatorTests",
            dependencies: [
                "CCEEmulator", "CCECore", "CCETestSupport", .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(name: "CCEScriptTests", dependencies: ["CCEScript", "CCECore", "CCEEmulator"]),
        .testTarget(name: "cceTests", dependencies: ["cce", "CCECore", "CCETestSupport"]),
    ]
)
