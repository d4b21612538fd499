"""A twelve-line news report written here, Chinese and its English line by line: a space probe's
flyby, whose Chinese keeps names and acronyms in Latin letters (JUICE, Schneider, NASA). Its English
follows the Chinese closely, as a news desk's does."""

ZH = [
    "欧洲航天局周三宣布，JUICE探测器已完成第二次飞越地球的机动。",
    "项目负责人Schneider表示，探测器状态良好，所有仪器运行正常。",
    "此次飞越使探测器的速度增加了约每秒四公里。",
    "JUICE将于2031年抵达木星，并对三颗冰卫星进行详细观测。",
    "科学家希望了解这些卫星的冰层下是否存在液态海洋。",
    "美国NASA的Europa Clipper任务也将在同一时期研究木卫二。",
    "两支团队已签署数据共享协议，将在任务期间交换观测结果。",
    "Schneider说，两项任务相互补充，能够回答单一任务无法回答的问题。",
    "探测器上的雷达可以穿透冰层达九公里深。",
    "欧洲航天局预计整个任务的费用约为十六亿欧元。",
    "下一次飞越将在明年九月进行，届时探测器将经过金星。",
    "任务团队表示，他们将在未来几周公布第一批图像。",
]
EN = [
    "The European Space Agency announced on Wednesday that the JUICE probe had completed its second "
    "flyby manoeuvre of Earth.",
    "Project lead Schneider said the probe was in good condition and all its instruments were working normally.",
    "The flyby increased the probe's speed by about four kilometres per second.",
    "JUICE will reach Jupiter in 2031 and make detailed observations of three icy moons.",
    "Scientists hope to learn whether liquid oceans exist beneath the ice of these moons.",
    "NASA's Europa Clipper mission will also study Europa during the same period.",
    "The two teams have signed a data-sharing agreement and will exchange observations during the missions.",
    "Schneider said the two missions complement each other and can answer questions that a single mission cannot.",
    "The radar on board the probe can penetrate the ice to a depth of nine kilometres.",
    "The agency expects the whole mission to cost about 1.6 billion euros.",
    "The next flyby will take place in September next year, when the probe will pass Venus.",
    "The mission team said it would publish the first images in the coming weeks.",
]
