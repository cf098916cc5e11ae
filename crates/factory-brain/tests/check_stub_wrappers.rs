//! A client of the code's own wrapping a gRPC stub: shapes of the eleventh planted-mismatch
//! evaluation of 2026-12-08 (orgs built by a helper to test `brain check`, not copies of a
//! public system). Org X's rider-gateway builds `FleetServiceClient` in its loader module and
//! wraps it in `class FleetClient`, whose `call(method, req)` indexes the stub with the rpc's
//! name (`this.stub[method]`); its routes make `new FleetClient()` and call its own methods
//! (`fleet.listNearby(..)`), which are no rpcs.

mod support;

use support::{check_repos as check, finding_summary};

const FLEET_PROTO: &str = "syntax = \"proto3\";\npackage xanthe.fleet.v1;\n\nservice FleetService {\n  rpc GetVehicle(GetVehicleRequest) returns (Vehicle);\n  rpc ListNearbyVehicles(ListNearbyVehiclesRequest) returns (ListNearbyVehiclesResponse);\n}\n\nmessage GetVehicleRequest { string vehicle_id = 1; }\nmessage ListNearbyVehiclesRequest { double lat = 1; double lng = 2; }\nmessage ListNearbyVehiclesResponse { repeated Vehicle vehicles = 1; }\nmessage Vehicle { string vehicle_id = 1; string model = 2; }\n";

const FLEET_SERVER: &str = "package main\n\nimport (\n\t\"net\"\n\n\t\"google.golang.org/grpc\"\n\tpb \"example.com/fleet/gen/xanthe/fleet/v1\"\n)\n\nfunc main() {\n\tlis, _ := net.Listen(\"tcp\", \":9090\")\n\ts := grpc.NewServer()\n\tpb.RegisterFleetServiceServer(s, &server{})\n\t_ = s.Serve(lis)\n}\n";

const LOADER: &str = "import * as grpc from '@grpc/grpc-js';\nimport * as protoLoader from '@grpc/proto-loader';\n\nconst definition = protoLoader.loadSync('proto/xanthe/fleet/v1/fleet.proto', { keepCase: true });\nconst pkg = grpc.loadPackageDefinition(definition) as any;\n\nexport const FleetServiceClient = pkg.xanthe.fleet.v1.FleetService;\n";

const ROUTES: &str = "import { FleetClient } from '../fleet/FleetClient';\n\nconst fleet = new FleetClient();\n\nexport async function nearby(lat: number, lng: number) {\n  const vehicles = await fleet.listNearby(lat, lng);\n  return vehicles.map((v) => v.model);\n}\n";

/// rider-gateway's findings, its wrapper's `reserve` calling the rpc `rpc`.
fn gateway_findings(rpc: &str) -> Vec<String> {
    let wrapper = format!(
        "import * as grpc from '@grpc/grpc-js';\nimport {{ FleetServiceClient }} from './loader';\n\nexport class FleetClient {{\n  private readonly stub: any;\n\n  constructor(address = 'fleet:9090') {{\n    this.stub = new FleetServiceClient(address, grpc.credentials.createInsecure());\n  }}\n\n  private call<Req, Res>(method: string, req: Req): Promise<Res> {{\n    const fn = this.stub[method].bind(this.stub);\n    return new Promise((resolve, reject) => fn(req, (err: Error | null, res: Res) => (err ? reject(err) : resolve(res))));\n  }}\n\n  async listNearby(lat: number, lng: number): Promise<any[]> {{\n    const res = await this.call<object, {{ vehicles: any[] }}>('ListNearbyVehicles', {{ lat, lng }});\n    return res.vehicles;\n  }}\n\n  reserve(vehicleId: string) {{\n    return this.call('{rpc}', {{ vehicle_id: vehicleId }});\n  }}\n}}\n"
    );
    finding_summary(&check(&[
        ("vehicle-registry", &[("proto/xanthe/fleet/v1/fleet.proto", FLEET_PROTO), ("main.go", FLEET_SERVER), ("go.mod", "module example.com/fleet\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
        ("rider-gateway", &[("src/fleet/loader.ts", LOADER), ("src/fleet/FleetClient.ts", wrapper.as_str()), ("src/routes/vehicles.ts", ROUTES), ("package.json", "{\"name\": \"rider-gateway\", \"dependencies\": {\"@grpc/grpc-js\": \"1.10.0\"}}\n"), ("Dockerfile", "FROM node:20\n")]),
    ]))
}

/// `ReserveVehicle`, called by name through the wrapper, is no rpc of `FleetService`.
#[test]
fn an_rpc_a_wrapper_calls_by_name_is_checked() {
    assert_eq!(gateway_findings("ReserveVehicle"), ["consumed-operation-missing ReserveVehicle api:xanthe.fleet.v1.fleetservice"]);
}

/// Near misses: an rpc the service has, called by name; and the wrapper's own `listNearby`,
/// called on `new FleetClient()`, which is no stub.
#[test]
fn a_wrapper_classs_own_methods_are_no_rpcs() {
    assert_eq!(gateway_findings("GetVehicle"), Vec::<String>::new());
}
