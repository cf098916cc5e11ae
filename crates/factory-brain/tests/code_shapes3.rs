//! Messages published and consumed, as unseen systems showed (issue #3's evaluations of
//! 2026-12-07): booking-microservices' event dispatcher.

mod support;

use support::{org, summary};

const DOTNET: &str = "FROM mcr.microsoft.com/dotnet/aspnet:8.0\nCOPY out/ /app\n";

/// booking-microservices: Identity's `_eventDispatcher.SendAsync(new UserCreated(..))` goes to
/// RabbitMQ through MassTransit, where Passenger's `IConsumer<UserCreated>` takes it. Passenger's
/// own `SendAsync(new PassengerCreatedDomainEvent(..), typeof(IInternalCommand))` stays in its
/// process, and so does a dispatched command: a consumer of the same type elsewhere gets no edge.
#[test]
fn an_event_dispatcher_publishes_unless_the_message_stays_in_process() {
    let compose = "services:\n  identity:\n    build: ./Identity\n  passenger:\n    build: ./Passenger\n  audit:\n    build: ./Audit\n";
    let register = "using MassTransit;\npublic class RegisterNewUserHandler : ICommandHandler<RegisterNewUser>\n{\n    public async Task Handle(RegisterNewUser request, CancellationToken cancellationToken)\n    {\n        await _eventDispatcher.SendAsync(new UserCreated(user.Id, user.Name,\n            user.PassPortNumber), cancellationToken: cancellationToken);\n    }\n}\n";
    let consumer = concat!(
        "using MassTransit;\n",
        "public class RegisterNewUserHandler : IConsumer<UserCreated>\n{\n",
        "    public async Task Consume(ConsumeContext<UserCreated> context)\n    {\n",
        "        await _eventDispatcher.SendAsync(\n            new PassengerCreatedDomainEvent(passenger.Id, passenger.Name),\n            typeof(IInternalCommand));\n",
        "        await _eventDispatcher.SendAsync(new PassengerRegistered(passenger.Id), typeof(IInternalCommand));\n",
        "        await _dispatcher.SendAsync(new CompleteRegistrationCommand(passenger.Id));\n",
        "    }\n}\n",
    );
    let audit = "using MassTransit;\npublic class A : IConsumer<PassengerCreatedDomainEvent> { }\npublic class B : IConsumer<PassengerRegistered> { }\npublic class C : IConsumer<CompleteRegistrationCommand> { }\n";
    let resolved = org(&[(
        "booking",
        &[
            ("docker-compose.yml", compose),
            ("Identity/Dockerfile", DOTNET),
            ("Identity/Features/RegisterNewUser.cs", register),
            ("Passenger/Dockerfile", DOTNET),
            ("Passenger/Consumers/RegisterNewUser.cs", consumer),
            ("Audit/Dockerfile", DOTNET),
            ("Audit/Consumers.cs", audit),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:audit repo="booking" root="Audit"
    component:identity repo="booking" root="Identity"
    component:passenger repo="booking" root="Passenger"
    component:identity -depends_on-> component:passenger
    "#);
}
