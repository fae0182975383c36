// swift-tools-version:6.0
import PackageDescription

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
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
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
            ]
        ),
        .target(
            name: "CCEScript",
            dependencies: [
                "CCECore",
                .product(name: "Yams", package: "Yams"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        // Embedding example (issue 6): `swift run cce-embed-example`.
        .executableTarget(name: "cce-embed-example", dependencies: ["CCEScript", "CCEEmulator", "CCECore"]),
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
            // A release binary exports none of its own ~46k symbols: at every start the dynamic
            // linker searched them and the Swift runtime's `dladdr` walked them (~1 ms of `cce -e 1`).
            linkerSettings: [.unsafeFlags(["-Xlinker", "--no-export-dynamic"], .when(platforms: [.linux], configuration: .release))]
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
