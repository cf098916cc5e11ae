//! seyijava's grpc-polyglot-microservice ("trader"): a Go gateway and a Go account service with
//! no Dockerfile of their own, beside a Spring portfolio service and a Scala quote service each
//! built by a Dockerfile in their `docker/` folder; all over gRPC.

mod support;

use support::{edge_lines, org, summary};

const GO_MOD_GATEWAY: &str = "module github.com/bigdataconcept/gateway\n\ngo 1.12\n\nrequire google.golang.org/grpc v1.23.0\n";
const GO_MOD_ACCOUNT: &str = "module github.com/bigdataconcept/account-service\n\ngo 1.12\n\nrequire google.golang.org/grpc v1.22.0\n";
const GATEWAY_MAIN: &str = "package main\n\nimport gateway \"github.com/bigdataconcept/gateway/proxy\"\n\nfunc main() {\n\tgateway.StartAPIGateway(9090, \"127.0.0.1\")\n}\n";
const GATEWAY_PROXY: &str = "package proxy\n\nimport (\n\t\"net/http\"\n\n\taccount \"github.com/bigdataconcept/gateway/account\"\n\tquote \"github.com/bigdataconcept/gateway/quote\"\n)\n\nfunc (gw *Gateway) run(port int) error {\n\tmux := http.NewServeMux()\n\tmux.Handle(\"/addAccount.do\", http.HandlerFunc(gw.createAccountHandler))\n\treturn http.ListenAndServe(fmt.Sprintf(\":%d\", port), mux)\n}\n\nfunc StartAPIGateway(port int, serverIP string) {\n\taccountConn, _ := grpc.Dial(\"127.0.0.1:5050\", grpc.WithInsecure())\n\tquoteConn, _ := grpc.Dial(\"127.0.0.1:5050\", grpc.WithInsecure())\n\tgw := NewGateway(account.NewAccountRpcServiceClient(accountConn), quote.NewQuoteRpcServiceClient(quoteConn))\n\tgw.run(port)\n}\n";
const ACCOUNT_MAIN: &str = "package main\n\nimport (\n\t\"net\"\n\n\t\"github.com/bigdataconcept/account-service/service\"\n\tpb \"github.com/bigdataconcept/account-service/stub/proto\"\n\t\"google.golang.org/grpc\"\n)\n\nfunc main() {\n\tlis, _ := net.Listen(\"tcp\", \":1701\")\n\ts := grpc.NewServer()\n\tpb.RegisterAccountRpcServiceServer(s, &service.AccountServiceGrpc{})\n\ts.Serve(lis)\n}\n";
const ACCOUNT_PROTO: &str = "syntax = \"proto3\";\n\nmessage DepositRequest {\n  string accountNumber = 1;\n}\n\nmessage DepositResponse {\n  double balance = 1;\n}\n\nservice AccountRpcService {\n  rpc deposit(DepositRequest) returns (DepositResponse);\n}\n";
const QUOTE_PROTO: &str = "syntax = \"proto3\";\n\nmessage QuoteRequest {\n  string symbol = 1;\n}\n\nmessage QuoteResponse {\n  double lastPrice = 1;\n}\n\nservice QuoteRpcService {\n  rpc getQuote(QuoteRequest) returns (QuoteResponse);\n}\n";
const QUOTE_SERVER: &str = "package com.bigdataconcept.microservice.grpc.trader.quote\n\nimport com.bigdataconcept.microservice.grpc.trader.quote.stub.QuoteRpcServiceGrpc.QuoteRpcService\nimport com.bigdataconcept.microservice.grpc.trader.quote.stub.QuoteRpcServiceGrpc\nimport io.grpc.netty.NettyServerBuilder\n\nclass StockQuoteGrpcServer(executionContext: ExecutionContext) {\n  private def start(): Unit = {\n    server = NettyServerBuilder.forAddress(new InetSocketAddress(\"0.0.0.0\", 9000)).addService(QuoteRpcServiceGrpc.bindService(new QuoteGrpcService, executionContext)).build.start\n  }\n\n  private class QuoteGrpcService extends QuoteRpcService {\n    override def getQuote(request: QuoteRequest) = Future.successful(QuoteResponse(lastPrice = 1.0))\n  }\n}\n";
const PORTFOLIO_CLIENT: &str = "package com.bigdataconcept.microservice.grpc.trader.portfolio.service;\n\nimport com.bigdataconcept.microservice.grpc.trader.account.stub.AccountRpcServiceGrpc;\nimport io.grpc.ManagedChannelBuilder;\n\npublic class AccountClient {\n  private final AccountRpcServiceGrpc.AccountRpcServiceBlockingStub blockingStub;\n\n  public AccountClient(String host, int port) {\n    blockingStub = AccountRpcServiceGrpc.newBlockingStub(ManagedChannelBuilder.forAddress(host, port).usePlaintext().build());\n  }\n}\n";
const PORTFOLIO_POM: &str = "<project>\n  <artifactId>trader-portfolio-service</artifactId>\n</project>\n";
const PORTFOLIO_DOCKERFILE: &str = "FROM openjdk:8-jdk-alpine\nCOPY target/trader-portfolio-service.jar /opt/trader-portfolio-service/lib/\nENTRYPOINT [\"/usr/bin/java\"]\nCMD [\"-jar\", \"/opt/trader-portfolio-service/lib/trader-portfolio-service.jar\"]\n";
const QUOTE_POM: &str = "<project>\n  <artifactId>trader-quote-service</artifactId>\n</project>\n";
const QUOTE_DOCKERFILE: &str = "FROM openjdk:8\nENV SCALA_VERSION 2.12.1\n";

/// The Go modules `gateway/` and `account/` sit beside `portfolio/` and `quotes/`, each folder
/// holding one service built by its Dockerfile: a Go module whose code serves (the gateway's
/// routes, account's `RegisterAccountRpcServiceServer`) is a service there too. The gateway's
/// `NewAccountRpcServiceClient` then reaches account, and the quote service serves its API
/// through ScalaPB's `QuoteRpcServiceGrpc.bindService(..)`.
#[test]
fn go_modules_beside_folders_holding_a_service_are_services() {
    let resolved = org(&[(
        "trader",
        &[
            ("gateway/go.mod", GO_MOD_GATEWAY),
            ("gateway/main.go", GATEWAY_MAIN),
            ("gateway/proxy/apigateway.go", GATEWAY_PROXY),
            ("gateway/quote/quote.proto", QUOTE_PROTO),
            ("account/go.mod", GO_MOD_ACCOUNT),
            ("account/main.go", ACCOUNT_MAIN),
            ("account/stub/proto/account.proto", ACCOUNT_PROTO),
            ("portfolio/trader-portfolio-service/pom.xml", PORTFOLIO_POM),
            ("portfolio/trader-portfolio-service/docker/Dockerfile", PORTFOLIO_DOCKERFILE),
            ("portfolio/trader-portfolio-service/src/main/java/com/bigdataconcept/microservice/grpc/trader/portfolio/service/AccountClient.java", PORTFOLIO_CLIENT),
            ("quotes/trader-quote-service/pom.xml", QUOTE_POM),
            ("quotes/trader-quote-service/docker/Dockerfile", QUOTE_DOCKERFILE),
            ("quotes/trader-quote-service/src/main/scala/com/bigdataconcept/microservice/grpc/trader/quote/StockQuoteGrpcServer.scala", QUOTE_SERVER),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:account repo="trader" root="account"
    component:gateway repo="trader" root="gateway"
    component:trader-portfolio-service repo="trader" root="portfolio/trader-portfolio-service"
    component:trader-quote-service repo="trader" root="quotes/trader-quote-service"
    component:gateway -depends_on-> component:account
    component:gateway -depends_on-> component:trader-quote-service
    component:trader-portfolio-service -depends_on-> component:account
    "#);
    insta::assert_snapshot!(edge_lines(&resolved, &["provides"]).join("\n"), @r"
    component:account -provides-> api:accountrpcservice  [inferred 0.9 trader@SHA:account/main.go#L14]
    component:trader-quote-service -provides-> api:quoterpcservice  [inferred 0.9 trader@SHA:quotes/trader-quote-service/src/main/scala/com/bigdataconcept/microservice/grpc/trader/quote/StockQuoteGrpcServer.scala#L9]
    ");
}

/// Near misses: a Go module beside a folder holding several services (`services/`) is no
/// service though it starts a server (a developer's mock server), nor is a Go module beside a
/// folder holding one that starts none (a shared library), and a `bindService()` not on a
/// generated `...Grpc` object serves nothing.
#[test]
fn go_modules_beside_many_services_or_serving_nothing_and_bare_bind_service_are_not_services() {
    let mock = "package main\n\nimport \"net/http\"\n\nfunc main() {\n\thttp.ListenAndServe(\":8080\", nil)\n}\n";
    let orders = "package main\n\nfunc main() {\n\ts := grpc.NewServer()\n\tpb.RegisterOrdersServer(s, &server{})\n}\n";
    let library = "package common\n\nimport \"google.golang.org/grpc\"\n\nfunc Dial(target string) (*grpc.ClientConn, error) {\n\treturn grpc.Dial(target, grpc.WithInsecure())\n}\n";
    let scala = "package acme.quote\n\nclass QuoteServer(definition: QuoteDefinition) {\n  val server = ServerBuilder.forPort(9000).addService(definition.bindService()).build.start\n}\n";
    let resolved = org(&[
        (
            "shop",
            &[
                ("mockserver/go.mod", "module github.com/acme/mockserver\n\ngo 1.21\n"),
                ("mockserver/main.go", mock),
                ("services/orders/Dockerfile", "FROM golang:1.21\nCOPY . /app\n"),
                ("services/orders/go.mod", "module github.com/acme/orders\n\ngo 1.21\n"),
                ("services/orders/main.go", orders),
                ("services/orders/orders.proto", "syntax = \"proto3\";\n\nmessage Order {\n  string id = 1;\n}\n\nservice Orders {\n  rpc Get(Order) returns (Order);\n}\n"),
                ("services/payments/Dockerfile", "FROM golang:1.21\nCOPY . /app\n"),
                ("services/payments/go.mod", "module github.com/acme/payments\n\ngo 1.21\n"),
                ("services/payments/main.go", mock),
            ],
        ),
        (
            "trader",
            &[
                ("common/go.mod", "module github.com/acme/common\n\ngo 1.21\n"),
                ("common/dial.go", library),
                ("quotes/quote-service/docker/Dockerfile", QUOTE_DOCKERFILE),
                ("quotes/quote-service/pom.xml", QUOTE_POM),
                ("quotes/quote-service/src/main/proto/quote.proto", QUOTE_PROTO),
                ("quotes/quote-service/src/main/scala/acme/quote/QuoteServer.scala", scala),
            ],
        ),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:orders repo="shop" root="services/orders"
    component:payments repo="shop" root="services/payments"
    component:quote-service repo="trader" root="quotes/quote-service"
    "#);
    insta::assert_snapshot!(edge_lines(&resolved, &["provides"]).join("\n"), @"component:orders -provides-> api:orders  [inferred 0.9 shop@SHA:services/orders/main.go#L5]");
}
