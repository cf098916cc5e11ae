from orders_api.server import main

main()
