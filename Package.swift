// swift-tools-version: 6.0
import PackageDescription

// Layers (an arrow is "may import"):
//   VishSyntax        -> (nothing of ours)
//   VishRuntime       -> VishSyntax
//   CowStore          -> (nothing of ours)
//   VSphereSim        -> CowStore
//   PowerCLI          -> VishRuntime, VSphereSim
//   vish (executable) -> everything, plus CEditLine (libedit)
let package = Package(
    name: "Vish",
    products: [
        .executable(name: "vish", targets: ["vish"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .target(name: "VishSyntax"),
        // The interpreter runs one session on one thread: Swift 5 mode spares it Sendable
        // bookkeeping that would buy nothing, and in release builds the dynamic
        // exclusivity checks (a tenth of the evaluation loop) are left out.
        .target(name: "VishRuntime", dependencies: ["VishSyntax"], swiftSettings: [
            .swiftLanguageMode(.v5),
            .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
        ]),
        .target(name: "CowStore", exclude: ["FORMAT.md"]),
        .target(name: "VSphereSim", dependencies: ["CowStore"]),
        .target(name: "PowerCLI", dependencies: ["VishRuntime", "VSphereSim"], swiftSettings: [.swiftLanguageMode(.v5)]),
        .systemLibrary(
            name: "CEditLine",
            path: "Sources/CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        .executableTarget(
            name: "vish",
            dependencies: [
                "VishSyntax", "VishRuntime", "PowerCLI", "CowStore", "CEditLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        // Benchmarks/cowstore/run.sh drives it, next to qemu-img and qemu-io.
        .executableTarget(name: "cowstore-bench", dependencies: ["CowStore"], path: "Benchmarks/cowstore/Sources/cowstore-bench"),
        .testTarget(name: "VishSyntaxTests", dependencies: ["VishSyntax"]),
        .testTarget(name: "VishRuntimeTests", dependencies: ["VishRuntime"], swiftSettings: [.swiftLanguageMode(.v5)]),
        .testTarget(name: "CowStoreTests", dependencies: ["CowStore"]),
        .testTarget(name: "VSphereSimTests", dependencies: ["VSphereSim"]),
        .testTarget(name: "PowerCLITests", dependencies: ["PowerCLI"]),
        .testTarget(name: "VishCLITests", dependencies: ["vish", "VishSyntax", "CowStore"], swiftSettings: [.swiftLanguageMode(.v5)]),
    ]
)
